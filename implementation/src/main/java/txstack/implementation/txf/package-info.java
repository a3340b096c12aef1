/**
 * TxF, the transactional file system (KTM-3, KTM-7): {@link txstack.implementation.txf.TransactionalFileSystem}
 * gives a file system's files transacted and plain whole-file calls and is a resource manager of the kernel
 * transaction manager. What it promises is the transactions contract, {@code docs/transactions.md}; how it keeps it
 * (intents in {@code \$Txf}, applied after the decision) is documented on the class, the intent's layout on {@code
 * TxfIntent}.
 */
package txstack.implementation.txf;
