---------------------------- MODULE MCTransaction ----------------------------
(***************************************************************************)
(* Transaction bounded for model checking. The bounds are all constants of *)
(* Transaction (RM, Tx, Item, MaxTmCrashes, MaxRmCrashes, MaxLosses); this *)
(* module only adds the symmetry set for the safety models. RMs,           *)
(* transactions and items are each interchangeable (no action names one), *)
(* so permuting them maps behaviours to behaviours; NoTx stays fixed.      *)
(* Symmetry is unsound for liveness: the liveness models do not use it.    *)
(***************************************************************************)
EXTENDS Transaction, TLC

Symmetry == Permutations(RM) \cup Permutations(Tx) \cup Permutations(Item)
=============================================================================
