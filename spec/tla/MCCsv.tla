------------------------------- MODULE MCCsv -------------------------------
(***************************************************************************)
(* CsvOwnership for model checking. The bounds are constants of the spec   *)
(* (guards, so that the liveness model needs no constraint); this module   *)
(* only adds the symmetry set for the safety models. Files are             *)
(* interchangeable (every one starts at Owner0, no action names one), and  *)
(* so are the nodes other than Coord0 and Owner0, the only nodes Init      *)
(* names. Symmetry is unsound for liveness: the liveness model does not    *)
(* use it.                                                                 *)
(***************************************************************************)
EXTENDS CsvOwnership, TLC

Symmetry == Permutations(Files) \cup Permutations(Nodes \ {Coord0, Owner0})
=============================================================================
