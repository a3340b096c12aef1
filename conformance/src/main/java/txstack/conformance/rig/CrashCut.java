package txstack.conformance.rig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.CrashPoint;

/**
 * A power loss at one {@link Moment} of a {@link Rig}'s journal in some failure domains. Each working disk of a
 * domain that loses power gets its own {@link CrashPoint} (after its last operation up to the moment, or during it);
 * a disk of a domain that keeps power keeps every write issued up to the moment. A choice is one choice vector per
 * disk that loses power (see {@link CrashPoint}); it gives one image per disk.
 */
public final class CrashCut {
    private final Moment moment;
    private final Set<String> losingDomains;
    private final List<RigDisk> disks;
    private final List<CrashPoint> points;
    private final List<Boolean> losing;

    private CrashCut(Moment moment, Set<String> losingDomains, List<RigDisk> disks, List<CrashPoint> points,
                     List<Boolean> losing) {
        this.moment = moment;
        this.losingDomains = Set.copyOf(losingDomains);
        this.disks = List.copyOf(disks);
        this.points = List.copyOf(points);
        this.losing = List.copyOf(losing);
    }

    static CrashCut at(Rig rig, Moment moment, Set<String> losingDomains, List<RigDisk> present) {
        List<CrashPoint> points = new ArrayList<>();
        List<Boolean> losing = new ArrayList<>();
        Rig.Entry at = moment.entry() >= 0 ? rig.entry(moment.entry()) : null;
        for (RigDisk d : present) {
            CrashPoint p;
            if (at != null && at.disk() == d) {
                p = moment.during() ? d.simulated().crashPointDuring(at.opIndex())
                        : d.simulated().crashPointAfter(at.opIndex());
            } else {
                p = d.simulated().crashPointAfter(lastOpUpTo(rig, d, moment.entry()));
            }
            points.add(p);
            losing.add(losingDomains.contains(d.domain()));
        }
        return new CrashCut(moment, losingDomains, present, points, losing);
    }

    /** The last operation of {@code disk} at or before journal entry {@code entry}; its start if none. */
    private static int lastOpUpTo(Rig rig, RigDisk disk, int entry) {
        for (int e = entry; e >= 0; e--) {
            Rig.Entry x = rig.entry(e);
            if (x.disk() == disk) {
                return x.opIndex();
            }
        }
        return disk.startOpCount() - 1;
    }

    public Moment moment() {
        return moment;
    }

    public Set<String> losingDomains() {
        return losingDomains;
    }

    /** The disks in the cut (every working disk of the rig), in rig order. */
    public List<RigDisk> disks() {
        return disks;
    }

    /** Each disk's own crash point, in {@link #disks()} order. */
    public List<CrashPoint> points() {
        return points;
    }

    /** True if disk {@code i} loses power (its pending writes may or may not land). */
    public boolean losesPower(int i) {
        return losing.get(i);
    }

    /** How many distinct choices there are; {@link Long#MAX_VALUE} if more. */
    public long imageCount() {
        long count = 1;
        for (int i = 0; i < disks.size(); i++) {
            long n = losing.get(i) ? points.get(i).imageCount() : 1;
            if (n == Long.MAX_VALUE || count > Long.MAX_VALUE / n) {
                return Long.MAX_VALUE;
            }
            count *= n;
        }
        return count;
    }

    /** Every pending write lost on every disk that loses power. */
    public int[][] allLost() {
        int[][] out = new int[disks.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = losing.get(i) ? points.get(i).allLost() : points.get(i).allLanded();
        }
        return out;
    }

    /** Every pending write landed on every disk. */
    public int[][] allLanded() {
        int[][] out = new int[disks.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = points.get(i).allLanded();
        }
        return out;
    }

    /**
     * The choices to check: per disk that loses power, {@code perDisk.apply(i)} lists its choice vectors (e.g. every
     * image, or a sample); across disks, their product when it has at most {@code combinationsMax} members, else the
     * lists zipped (so "all landed" meets "all landed" and "all lost" meets "all lost") and then seeded mixes, up to
     * {@code combinationsMax}.
     */
    public List<int[][]> choices(java.util.function.IntFunction<List<int[]>> perDisk, int combinationsMax,
                                 RandomGenerator random) {
        List<List<int[]>> lists = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            lists.add(losing.get(i) ? perDisk.apply(i) : List.of(points.get(i).allLanded()));
        }
        return combine(lists, combinationsMax, random);
    }

    static List<int[][]> combine(List<List<int[]>> lists, int combinationsMax, RandomGenerator random) {
        long product = 1;
        for (List<int[]> c : lists) {
            product = Math.min(Long.MAX_VALUE / 64, product * c.size());
        }
        List<int[][]> out = new ArrayList<>();
        if (product <= combinationsMax) {
            for (long n = 0; n < product; n++) {
                int[][] one = new int[lists.size()][];
                long rest = n;
                for (int m = 0; m < lists.size(); m++) {
                    one[m] = lists.get(m).get((int) (rest % lists.get(m).size()));
                    rest /= lists.get(m).size();
                }
                out.add(one);
            }
            return out;
        }
        int longest = lists.stream().mapToInt(List::size).max().orElse(1);
        for (int i = 0; i < longest && out.size() < combinationsMax / 2; i++) {
            int[][] one = new int[lists.size()][];
            for (int m = 0; m < lists.size(); m++) {
                one[m] = lists.get(m).get(i % lists.get(m).size());
            }
            out.add(one);
        }
        while (out.size() < combinationsMax) {
            int[][] one = new int[lists.size()][];
            for (int m = 0; m < lists.size(); m++) {
                one[m] = lists.get(m).get(random.nextInt(lists.get(m).size()));
            }
            out.add(one);
        }
        return out;
    }

    /** Every choice, in rank order (mixed radix, first disk fastest): for small cuts and for tests. */
    public List<int[][]> everyChoice() {
        long count = imageCount();
        if (count > 1 << 20) {
            throw new IllegalArgumentException("too many images to list: imageCount=" + count);
        }
        List<int[][]> out = new ArrayList<>();
        for (long rank = 0; rank < count; rank++) {
            int[][] one = new int[disks.size()][];
            long rest = rank;
            for (int i = 0; i < disks.size(); i++) {
                long n = losing.get(i) ? points.get(i).imageCount() : 1;
                one[i] = losing.get(i) ? points.get(i).choiceOfRank(rest % n) : points.get(i).allLanded();
                rest /= n;
            }
            out.add(one);
        }
        return out;
    }

    /** The image of every disk after this cut with {@code choice}, by disk name. */
    public Map<String, CrashImage> images(int[][] choice) {
        requireShape(choice);
        Map<String, CrashImage> out = new LinkedHashMap<>();
        for (int i = 0; i < disks.size(); i++) {
            out.put(disks.get(i).name(), points.get(i).image(choice[i]));
        }
        return out;
    }

    /** A new rig whose disks hold these images (same names and domains), its journal empty: a restart. */
    public Rig restore(int[][] choice) {
        return restore(images(choice));
    }

    /**
     * A new rig as a process crash leaves it at this cut: the machine keeps running, so every write issued so far is
     * there to read, but the writes not yet durable stay in the devices' volatile caches: the new rig's journal
     * starts with them, one sector at a time in the order issued, so a later power loss may still lose them.
     */
    public Rig restoreKeepingCache() {
        int[][] durable = new int[points.size()][];
        for (int i = 0; i < points.size(); i++) {
            durable[i] = points.get(i).allLost();
        }
        Rig rig = restore(durable);
        for (int i = 0; i < disks.size(); i++) {
            record Pending(int opIndex, long sector, byte[] content) {
            }
            List<Pending> pending = new ArrayList<>();
            for (CrashPoint.SectorChoice c : points.get(i).sectorChoices()) {
                for (CrashPoint.Version v : c.pending()) {
                    pending.add(new Pending(v.opIndex(), c.sector(), v.content()));
                }
            }
            pending.sort(java.util.Comparator.comparingInt(Pending::opIndex).thenComparingLong(Pending::sector));
            txstack.spi.disk.BlockDevice device = rig.devices().get(disks.get(i).name());
            for (Pending p : pending) {
                device.write(p.sector(), p.content(), 0, p.content().length, false);
            }
        }
        return rig;
    }

    /** A new rig whose disks hold {@code images} (a subset of this cut's disks, maybe changed by a fault). */
    public Rig restore(Map<String, CrashImage> images) {
        List<Rig.Placement> placements = new ArrayList<>();
        for (RigDisk d : disks) {
            CrashImage image = images.get(d.name());
            if (image != null) {
                placements.add(new Rig.Placement(d.name(), d.domain(), image));
            }
        }
        return Rig.of(placements);
    }

    /** What persisted, per disk: e.g. {@code member[0]: write #5: landed sectors 8..9, lost sectors 10..15}. */
    public String describe(int[][] choice) {
        requireShape(choice);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < disks.size(); i++) {
            out.append(out.isEmpty() ? "" : "\n").append(disks.get(i).name()).append(": ")
                    .append(losing.get(i) ? points.get(i).describe(choice[i]) : "kept power");
        }
        return out.toString();
    }

    /** E.g. {@code after op #12 (member[1] op #3)}. */
    public String label() {
        return moment.label();
    }

    /** The choice as one flat vector (for minimisation), and back. */
    public static int[] flatten(int[][] choice) {
        return Arrays.stream(choice).flatMapToInt(Arrays::stream).toArray();
    }

    public static int[][] split(int[] flat, int[][] shape) {
        int[][] out = new int[shape.length][];
        int at = 0;
        for (int i = 0; i < shape.length; i++) {
            out[i] = Arrays.copyOfRange(flat, at, at + shape[i].length);
            at += shape[i].length;
        }
        return out;
    }

    private void requireShape(int[][] choice) {
        if (choice.length != disks.size()) {
            throw new IllegalArgumentException("choice has " + choice.length + " disks, the cut " + disks.size());
        }
    }

    @Override
    public String toString() {
        return "CrashCut[" + label() + " disks=" + disks + " losing=" + losingDomains + " images=" + imageCount()
                + "]";
    }
}
