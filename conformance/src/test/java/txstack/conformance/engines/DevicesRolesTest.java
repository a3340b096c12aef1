package txstack.conformance.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import txstack.conformance.disk.SimulatedDisk;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.Devices;

/** The SPI's device roles: {@code member[i]} and back, and the members an engine is handed, by index. */
class DevicesRolesTest {

    @Test
    void everyMemberRoleReadsBackAsItsIndex() {
        for (int i = 0; i < Devices.DEVICES_MAX; i++) {
            assertEquals("member[" + i + "]", Devices.member(i));
            assertEquals(i, Devices.memberIndex(Devices.member(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> Devices.member(-1));
        assertThrows(IllegalArgumentException.class, () -> Devices.member(Devices.DEVICES_MAX));
    }

    @Test
    void aRoleNamesAMemberOnlyWithOneOrTwoDigitsInBrackets() {
        assertEquals(7, Devices.memberIndex("member[07]"));
        assertEquals(99, Devices.memberIndex("member[99]"));
        for (String role : List.of("log", "data", "member", "member[]", "member[123]", "member[a]", "member[1a]",
                "member[-1]", "member[1", "member1]", "xmember[1]", "member[1]x", "Member[1]", "member[ 1]",
                "member[\u0661]")) {
            assertEquals(-1, Devices.memberIndex(role), role);
        }
    }

    @Test
    void presentMembersComeByIndexWhateverTheOrderGiven() {
        List<BlockDevice> disks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            disks.add(new SimulatedDisk(512, 8));
        }
        Map<String, BlockDevice> byRole = new LinkedHashMap<>();
        byRole.put(Devices.member(3), disks.get(3));
        byRole.put(Devices.LOG, disks.get(2));
        byRole.put(Devices.member(0), disks.get(0));
        byRole.put("member[01]", disks.get(1));
        List<BlockDevice> present = Devices.of(byRole).presentMembers();
        assertEquals(2, present.size(), "member[01] is not the role of member 1: " + present);
        assertSame(disks.get(0), present.get(0));
        assertSame(disks.get(3), present.get(1));
    }
}
