package txstack.model.volume;

/** What a member of a volume is doing. A rebuilding member holds no data a client can rely on yet (VOL-7). */
public enum MemberState {
    HEALTHY,
    FAILED,
    REBUILDING
}
