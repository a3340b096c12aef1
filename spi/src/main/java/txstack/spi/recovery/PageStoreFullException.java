package txstack.spi.recovery;

/**
 * The store cannot take this change now: its log has no room left that recovery would not still need (the active
 * transactions hold it). The change is not made; the suite then rolls the transaction back, as a client would.
 */
public class PageStoreFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PageStoreFullException(String message) {
        super(message);
    }
}
