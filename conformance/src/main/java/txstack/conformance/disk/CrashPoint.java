package txstack.conformance.disk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One moment of power loss in a {@link SimulatedDisk}'s run, and every state it may leave (DISK-3): each sector
 * holds its last durable content or the content of one write issued to it since. Sectors with such writes are the
 * {@link #sectorChoices()}; choosing one version per sector gives one {@link CrashImage}.
 *
 * <p>A choice vector has one entry per sector choice: {@code 0} keeps the durable content (every pending write to
 * that sector lost), {@code k} keeps the k-th pending write (oldest first). A multi-sector write lands torn when
 * its sectors get different choices; writes after the last flush land in any combination.
 */
public final class CrashPoint {
    /** One content a sector may hold after the crash: the data of write {@code opIndex}. */
    public record Version(int opIndex, byte[] content) {
    }

    /** A sector with writes since its last durable content: the choices are durable, then each write. */
    public record SectorChoice(long sector, List<Version> pending) {

        public SectorChoice {
            pending = List.copyOf(pending);
        }

        /** Number of versions this sector may hold: its durable content and each pending write. */
        public int optionCount() {
            return pending.size() + 1;
        }
    }

    private final int sectorSizeBytes;
    private final long sectorCount;
    private final int opIndex;
    private final boolean during;
    private final Map<Long, byte[]> base;
    private final Map<Long, byte[]> durable;
    private final List<SectorChoice> choices;
    private final Set<Long> unreadable;

    CrashPoint(int sectorSizeBytes, long sectorCount, int opIndex, boolean during, Map<Long, byte[]> base,
               Map<Long, byte[]> durable, Map<Long, List<Version>> pending, Set<Long> unreadable) {
        this.sectorSizeBytes = sectorSizeBytes;
        this.sectorCount = sectorCount;
        this.opIndex = opIndex;
        this.during = during;
        this.base = base;
        this.durable = Map.copyOf(durable);
        List<SectorChoice> list = new ArrayList<>();
        pending.forEach((sector, versions) -> list.add(new SectorChoice(sector, versions)));
        this.choices = List.copyOf(list);
        this.unreadable = Set.copyOf(unreadable);
    }

    /** The operation at which power is lost ({@code -1}: before the first one). */
    public int opIndex() {
        return opIndex;
    }

    /** True if power is lost while write {@link #opIndex()} is in flight; false if after it returned. */
    public boolean during() {
        return during;
    }

    /** E.g. {@code after op #12}, {@code during op #7} or {@code before op #0}. */
    public String label() {
        return opIndex < 0 ? "before op #0" : (during ? "during op #" : "after op #") + opIndex;
    }

    /** The sectors whose content the crash leaves open, by sector number. */
    public List<SectorChoice> sectorChoices() {
        return choices;
    }

    /** How many distinct choice vectors there are; {@link Long#MAX_VALUE} if more. */
    public long imageCount() {
        long count = 1;
        for (SectorChoice c : choices) {
            if (count > Long.MAX_VALUE / c.optionCount()) {
                return Long.MAX_VALUE;
            }
            count *= c.optionCount();
        }
        return count;
    }

    /** Every pending write lost: only durable content survives. */
    public int[] allLost() {
        return new int[choices.size()];
    }

    /** Every pending write landed: the newest content of each sector. */
    public int[] allLanded() {
        int[] choice = new int[choices.size()];
        for (int i = 0; i < choice.length; i++) {
            choice[i] = choices.get(i).pending().size();
        }
        return choice;
    }

    /** A uniformly random choice per sector. */
    public int[] randomChoice(RandomGenerator random) {
        int[] choice = new int[choices.size()];
        for (int i = 0; i < choice.length; i++) {
            choice[i] = random.nextInt(choices.get(i).optionCount());
        }
        return choice;
    }

    /**
     * Writes landed in issue order up to and including write {@code lastLandedOp}, none after: the states a disk
     * without reordering leaves.
     */
    public int[] landedUpTo(int lastLandedOp) {
        int[] choice = new int[choices.size()];
        for (int i = 0; i < choice.length; i++) {
            List<Version> pending = choices.get(i).pending();
            for (int k = 0; k < pending.size() && pending.get(k).opIndex() <= lastLandedOp; k++) {
                choice[i] = k + 1;
            }
        }
        return choice;
    }

    /** The choice vector of rank {@code rank} in {@code 0 .. imageCount()-1} (mixed radix, first sector fastest). */
    public int[] choiceOfRank(long rank) {
        if (rank < 0 || rank >= imageCount()) {
            throw new IllegalArgumentException("rank=" + rank + " imageCount=" + imageCount());
        }
        int[] choice = new int[choices.size()];
        long rest = rank;
        for (int i = 0; i < choice.length; i++) {
            int radix = choices.get(i).optionCount();
            choice[i] = (int) (rest % radix);
            rest /= radix;
        }
        return choice;
    }

    /** Number of sectors a choice vector takes from a pending write rather than durable content. */
    public static int nonDurableCount(int[] choice) {
        return (int) Arrays.stream(choice).filter(c -> c != 0).count();
    }

    /** The device after this crash, with one version per open sector. */
    public CrashImage image(int[] choice) {
        requireChoice(choice);
        HashMap<Long, byte[]> changes = new HashMap<>(durable);
        for (int i = 0; i < choice.length; i++) {
            if (choice[i] > 0) {
                SectorChoice c = choices.get(i);
                changes.put(c.sector(), c.pending().get(choice[i] - 1).content());
            }
        }
        return new CrashImage(sectorSizeBytes, sectorCount, LayeredSectors.over(base, changes), unreadable);
    }

    /**
     * What persisted, per pending write: e.g. {@code write #5 sectors 8..15: landed 8..9, lost 10..15}. Sectors
     * overwritten by a later landed write show under that write.
     */
    public String describe(int[] choice) {
        requireChoice(choice);
        if (choices.isEmpty()) {
            return "nothing pending: the image is the durable content";
        }
        Map<Integer, List<Long>> landed = new TreeMap<>();
        Map<Integer, List<Long>> lost = new TreeMap<>();
        for (int i = 0; i < choice.length; i++) {
            SectorChoice c = choices.get(i);
            for (int k = 0; k < c.pending().size(); k++) {
                int op = c.pending().get(k).opIndex();
                (choice[i] == k + 1 ? landed : lost).computeIfAbsent(op, x -> new ArrayList<>()).add(c.sector());
            }
        }
        TreeSet<Integer> opsSeen = new TreeSet<>(landed.keySet());
        opsSeen.addAll(lost.keySet());
        StringBuilder out = new StringBuilder();
        for (int op : opsSeen) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append("write #").append(op).append(": landed ").append(ranges(landed.get(op)))
                    .append(", lost ").append(ranges(lost.get(op)));
        }
        return out.toString();
    }

    private static String ranges(List<Long> sectors) {
        if (sectors == null || sectors.isEmpty()) {
            return "none";
        }
        List<Long> sorted = new ArrayList<>(sectors);
        sorted.sort(null);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            out.append(out.isEmpty() ? "" : ",").append(sorted.get(i));
            if (j > i) {
                out.append("..").append(sorted.get(j));
            }
            i = j + 1;
        }
        return "sectors " + out;
    }

    private void requireChoice(int[] choice) {
        if (choice.length != choices.size()) {
            throw new IllegalArgumentException("choice has " + choice.length + " entries, crash point " + label()
                    + " has " + choices.size() + " open sectors");
        }
        for (int i = 0; i < choice.length; i++) {
            if (choice[i] < 0 || choice[i] >= choices.get(i).optionCount()) {
                throw new IllegalArgumentException("choice out of range: index=" + i + " choice=" + choice[i]
                        + " options=" + choices.get(i).optionCount());
            }
        }
    }

    @Override
    public String toString() {
        return "CrashPoint[" + label() + " openSectors=" + choices.size() + " images=" + imageCount() + "]";
    }
}
