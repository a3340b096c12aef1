/**
 * The txstack service provider interface: what an engine implements so a txstack conformance suite can crash-test
 * it. One package per layer of the stack; depends on nothing but the JDK.
 */
module txstack.spi {
    exports txstack.spi.cluster;
    exports txstack.spi.disk;
    exports txstack.spi.fs;
    exports txstack.spi.ktm;
    exports txstack.spi.lfs;
    exports txstack.spi.mount;
    exports txstack.spi.recovery;
    exports txstack.spi.volume;
}
