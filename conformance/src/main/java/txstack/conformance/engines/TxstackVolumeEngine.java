package txstack.conformance.engines;

import java.util.List;
import java.util.Locale;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.Devices;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;
import txstack.implementation.volume.Layout;
import txstack.implementation.volume.VolumeOptions;
import txstack.implementation.volume.VolumeOptions.Variant;
import txstack.implementation.volume.Volumes;

/**
 * The txstack volume manager ({@link Volumes}) bound to the SPI. Each deliberately broken variant binds in one line:
 * {@code new TxstackVolumeEngine(Variant.NO_WRITE_HOLE_PROTECTION)}. Assembly allows degraded volumes: the suite
 * decides which members survive a crash. Stripe units are {@value #STRIPE_UNIT_SECTORS} sectors: small, so that the
 * suite's small members hold several stripes.
 */
public final class TxstackVolumeEngine implements VolumeEngine {
    /** The stripe unit this binding creates RAID-5 volumes with. */
    public static final int STRIPE_UNIT_SECTORS = 2;

    private final VolumeOptions options;

    /** The correct implementation. */
    public TxstackVolumeEngine() {
        this(Variant.CORRECT);
    }

    public TxstackVolumeEngine(Variant variant) {
        this.options = VolumeOptions.defaults().withAllowDegraded(true).withStripeUnitSectors(STRIPE_UNIT_SECTORS)
                .withVariant(variant);
    }

    /** The engine named {@code txstack} or {@code txstack:VARIANT}, as {@link #name()} prints it. */
    public static TxstackVolumeEngine named(String name) {
        if (name.equals("txstack")) {
            return new TxstackVolumeEngine();
        }
        if (!name.startsWith("txstack:")) {
            throw new IllegalArgumentException("unknown volume engine: name=" + name);
        }
        return new TxstackVolumeEngine(Variant.valueOf(name.substring("txstack:".length()).toUpperCase(Locale.ROOT)));
    }

    @Override
    public String name() {
        return options.variant() == Variant.CORRECT ? "txstack"
                : "txstack:" + options.variant().name().toUpperCase(Locale.ROOT);
    }

    @Override
    public VolumeService create(VolumeLayout layout, Devices members) {
        Layout l = layout == VolumeLayout.MIRROR ? Layout.MIRROR : Layout.RAID5;
        return TxstackVolumeService.call(() -> new TxstackVolumeService(Volumes.create(l,
                wrap(members.presentMembers()), options)));
    }

    @Override
    public VolumeService assemble(Devices present) {
        return TxstackVolumeService.call(() -> new TxstackVolumeService(Volumes.assemble(
                wrap(present.presentMembers()), options)));
    }

    private static List<txstack.implementation.disk.BlockDevice> wrap(List<BlockDevice> devices) {
        return devices.stream().<txstack.implementation.disk.BlockDevice>map(SpiBlockDevice::new).toList();
    }

    @Override
    public String toString() {
        return name();
    }
}
