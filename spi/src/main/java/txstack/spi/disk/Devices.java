package txstack.spi.disk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The devices a suite hands an engine, each under its role: {@value #LOG} for a log on its own disk, {@value #DATA}
 * for a data disk, {@code member[i]} for member {@code i} of a volume ({@link #member(int)}). An engine asks for the
 * roles it needs; a missing role is a clear error, never a null. Immutable; the devices themselves are the suite's.
 */
public final class Devices {
    /** The role of the disk a log file service keeps its log on. */
    public static final String LOG = "log";
    /** The role of a data disk (e.g. the pages a recovery layer protects with its log). */
    public static final String DATA = "data";
    /** The most devices one engine is handed. */
    public static final int DEVICES_MAX = 64;

    /** The roles {@code member[0]} to {@code member[63]}, made once: assembly looks them all up. */
    private static final String[] MEMBER_ROLES = new String[DEVICES_MAX];

    static {
        for (int i = 0; i < DEVICES_MAX; i++) {
            MEMBER_ROLES[i] = "member[" + i + "]";
        }
    }

    private final Map<String, BlockDevice> byRole;
    /** The member devices present, by ascending member index: found once, as the map never changes. */
    private final List<BlockDevice> presentMembers;

    private Devices(Map<String, BlockDevice> byRole) {
        this.byRole = byRole;
        List<BlockDevice> members = new ArrayList<>();
        for (int i = 0; i < DEVICES_MAX; i++) {
            BlockDevice d = byRole.get(member(i));
            if (d != null) {
                members.add(d);
            }
        }
        this.presentMembers = List.copyOf(members);
    }

    /** The devices under their roles, in the given order. */
    public static Devices of(Map<String, ? extends BlockDevice> byRole) {
        if (byRole.size() > DEVICES_MAX) {
            throw new IllegalArgumentException("too many devices: count=" + byRole.size() + " max=" + DEVICES_MAX);
        }
        Map<String, BlockDevice> copy = new LinkedHashMap<>();
        byRole.forEach((role, device) -> {
            if (role == null || role.isBlank() || device == null) {
                throw new IllegalArgumentException("a device needs a role and a device: role=" + role);
            }
            copy.put(role, device);
        });
        return new Devices(Collections.unmodifiableMap(copy));
    }

    /** One device under one role, e.g. {@code Devices.one(Devices.LOG, disk)}. */
    public static Devices one(String role, BlockDevice device) {
        return of(Map.of(role, device));
    }

    /** Volume members: the device of member {@code i} is under {@code member[i]}; {@code null} entries are absent. */
    public static Devices members(List<? extends BlockDevice> members) {
        Map<String, BlockDevice> byRole = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i) != null) {
                byRole.put(member(i), members.get(i));
            }
        }
        return of(byRole);
    }

    /** The role of volume member {@code index}: {@code member[index]}. */
    public static String member(int index) {
        if (index < 0 || index >= DEVICES_MAX) {
            throw new IllegalArgumentException("member index out of range: index=" + index + " max="
                    + (DEVICES_MAX - 1));
        }
        return MEMBER_ROLES[index];
    }

    /** The member index of a role {@code member[i]}, or -1 if the role names no member. */
    public static int memberIndex(String role) {
        int open = "member[".length();
        int digits = role.length() - open - 1;
        if (digits < 1 || digits > 2 || !role.startsWith("member[") || role.charAt(role.length() - 1) != ']') {
            return -1;
        }
        int index = 0;
        for (int i = open; i < open + digits; i++) {
            char c = role.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }

    /**
     * The device under {@code role}.
     *
     * @throws IllegalArgumentException naming the roles present, if none is under {@code role}
     */
    public BlockDevice get(String role) {
        BlockDevice device = byRole.get(role);
        if (device == null) {
            throw new IllegalArgumentException("no device in role '" + role + "': roles=" + byRole.keySet());
        }
        return device;
    }

    /** The device under {@code role}, if one is. */
    public Optional<BlockDevice> find(String role) {
        return Optional.ofNullable(byRole.get(role));
    }

    /** Every role, in the order the suite gave them. */
    public Set<String> roles() {
        return byRole.keySet();
    }

    /** The member devices present, by ascending member index (absent members left out). */
    public List<BlockDevice> presentMembers() {
        return new ArrayList<>(presentMembers);
    }

    /** Number of devices. */
    public int size() {
        return byRole.size();
    }

    @Override
    public String toString() {
        return "Devices" + byRole.keySet();
    }
}
