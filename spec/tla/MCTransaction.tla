---------------------------- MODULE MCTransaction ----------------------------
(***************************************************************************)
(* Transaction bounded for model checking. The bounds are all constants of *)
(* Transaction (RM, Tx, Item, MaxTmCrashes, MaxRmCrashes); this module     *)
(* only names the models. Every model checks the safety invariants; the    *)
(* models expected to pass also check the liveness properties and the      *)
(* refinement of AtomicCommit (PROPERTY Refinement, i.e. AC!Spec), so no   *)
(* model uses symmetry (unsound for liveness).                             *)
(***************************************************************************)
EXTENDS Transaction
=============================================================================
