/**
 * The file-system conformance suite: an engine's volume checked against the file-system model ({@code
 * txstack.model.fs}) operation by operation and at every crash state the explorer visits, per the file-system
 * contract ({@code docs/file-system.md}). Bounded-exhaustive one- and two-operation workloads in ACE's manner, and
 * long seeded random ones.
 */
package txstack.conformance.fs;
