package txstack.conformance.engines;

import java.util.List;
import java.util.Optional;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.Devices;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;
import txstack.implementation.volume.BrokenVolumes;
import txstack.implementation.volume.Layout;
import txstack.implementation.volume.VolumeOptions;
import txstack.implementation.volume.Volumes;

/**
 * The txstack volume manager ({@link Volumes}) bound to the SPI. Each deliberately broken variant binds in one line:
 * {@code TxstackVolumeEngine.named("txstack:NO_WRITE_HOLE_PROTECTION")}, built by the implementation's test fixtures
 * ({@link BrokenVolumes}), since the production API has no way to break a volume. Assembly allows degraded volumes:
 * the suite decides which members survive a crash. Stripe units are {@value #STRIPE_UNIT_SECTORS} sectors: small, so
 * that the suite's small members hold several stripes. A volume has at most {@value #REGIONS_MAX} dirty regions, so
 * that on the suite's small members a region spans several stripe units and the last one fewer, as on a volume of
 * production size (by default a label's bitmap has a bit for every unit of a small member). For the same reason a
 * rebuild copies {@value #REBUILD_STEP_UNITS} units per step and a mirror copies {@value #COPY_BUFFER_SECTORS} sectors
 * at a time: a rebuild of a small member takes several steps and a copy several reads and writes, each time the last
 * one shorter (by default one step and one read copy a whole small member).
 */
public final class TxstackVolumeEngine implements VolumeEngine {
    /** The stripe unit this binding creates RAID-5 volumes with. */
    public static final int STRIPE_UNIT_SECTORS = 2;
    /** The most dirty regions this binding creates volumes with. */
    public static final int REGIONS_MAX = 4;
    /** The stripe units this binding's rebuilds copy per step. */
    public static final int REBUILD_STEP_UNITS = 3;
    /** The implementation's default rebuild step: one step covers a whole member of the suite. */
    public static final int DEFAULT_REBUILD_STEP_UNITS = VolumeOptions.DEFAULT_REBUILD_STEP_UNITS;
    /** The sectors this binding's mirrors copy at a time. */
    public static final int COPY_BUFFER_SECTORS = 4;
    /** The most dirty regions a label holds: the implementation's default, a region per unit on small members. */
    public static final int LABEL_REGIONS_MAX = VolumeOptions.MAX_REGIONS;

    private final VolumeOptions options;
    /** The broken variant's name, as {@link BrokenVolumes} spells it; empty for the correct implementation. */
    private final Optional<String> variant;

    /** The correct implementation. */
    public TxstackVolumeEngine() {
        this(Optional.empty());
    }

    private TxstackVolumeEngine(Optional<String> variant) {
        this(variant, VolumeOptions.defaults().withAllowDegraded(true).withStripeUnitSectors(STRIPE_UNIT_SECTORS)
                .withRegionsMax(REGIONS_MAX).withRebuildStepUnits(REBUILD_STEP_UNITS)
                .withCopyBufferSectors(COPY_BUFFER_SECTORS));
    }

    private TxstackVolumeEngine(Optional<String> variant, VolumeOptions options) {
        this.options = options;
        this.variant = variant;
    }

    /**
     * This engine with volumes of up to {@code regionsMax} dirty regions instead of {@value #REGIONS_MAX}: {@link
     * #LABEL_REGIONS_MAX} gives a region per stripe unit on the suite's small members.
     */
    public TxstackVolumeEngine withRegionsMax(int regionsMax) {
        return new TxstackVolumeEngine(variant, options.withRegionsMax(regionsMax));
    }

    /**
     * This engine with rebuild steps of {@code rebuildStepUnits} stripe units instead of {@value #REBUILD_STEP_UNITS}:
     * {@link #DEFAULT_REBUILD_STEP_UNITS} rebuilds the suite's small members in one step.
     */
    public TxstackVolumeEngine withRebuildStepUnits(int rebuildStepUnits) {
        return new TxstackVolumeEngine(variant, options.withRebuildStepUnits(rebuildStepUnits));
    }

    /**
     * The engine named {@code txstack} or {@code txstack:<VARIANT>}, as {@link #name()} prints it; case does not
     * matter and {@code -} may stand for {@code _}.
     *
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of {@link #names()}
     */
    public static TxstackVolumeEngine named(String name) {
        return new TxstackVolumeEngine(TxstackNames.variantOf(name, BrokenVolumes.names()));
    }

    /** Every name {@link #named} accepts, {@code txstack} first, then each broken variant. */
    public static List<String> names() {
        return TxstackNames.names(BrokenVolumes.names());
    }

    @Override
    public String name() {
        return TxstackNames.canonical(variant);
    }

    @Override
    public VolumeService create(VolumeLayout layout, Devices members) {
        Layout l = layout == VolumeLayout.MIRROR ? Layout.MIRROR : Layout.RAID5;
        List<txstack.implementation.disk.BlockDevice> devices = wrap(members.presentMembers());
        return TxstackVolumeService.call(() -> new TxstackVolumeService(variant.isEmpty()
                ? Volumes.create(l, devices, options) : BrokenVolumes.create(l, devices, options, variant.get())));
    }

    @Override
    public VolumeService assemble(Devices present) {
        List<txstack.implementation.disk.BlockDevice> devices = wrap(present.presentMembers());
        return TxstackVolumeService.call(() -> new TxstackVolumeService(variant.isEmpty()
                ? Volumes.assemble(devices, options) : BrokenVolumes.assemble(devices, options, variant.get())));
    }

    private static List<txstack.implementation.disk.BlockDevice> wrap(List<BlockDevice> devices) {
        return devices.stream().<txstack.implementation.disk.BlockDevice>map(SpiBlockDevice::new).toList();
    }

    @Override
    public String toString() {
        return name();
    }
}
