package io.hotkeys.tools.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeScaleTest {

    @Test
    void eventTime_firstAccess_isTheOrigin() {
        TimeScale scale = new TimeScale(5_000, 807_256_800_000L, 1000);

        assertThat(scale.eventTimeMs(807_256_800_000L)).isEqualTo(5_000);
    }

    @Test
    void eventTime_isTheElapsedTraceTimeDividedBySpeed_roundedDown() {
        TimeScale scale = new TimeScale(0, 1_000, 1000);

        assertThat(scale.eventTimeMs(1_999)).isZero();
        assertThat(scale.eventTimeMs(2_000)).isEqualTo(1);
        assertThat(scale.eventTimeMs(46_321_000)).isEqualTo(46_320);
    }

    @Test
    void eventTime_beforeTheFirstAccess_roundsTowardsMinusInfinity() {
        TimeScale scale = new TimeScale(0, 10_000, 1000);

        assertThat(scale.eventTimeMs(9_999)).isEqualTo(-1);
        assertThat(scale.eventTimeMs(9_000)).isEqualTo(-1);
        assertThat(scale.eventTimeMs(8_999)).isEqualTo(-2);
    }

    @Test
    void eventTime_fractionalSpeeds_slowDownOrSpeedUp() {
        assertThat(new TimeScale(100, 0, 0.5).eventTimeMs(1_000)).isEqualTo(2_100);
        assertThat(new TimeScale(0, 0, 2.5).eventTimeMs(1_000)).isEqualTo(400);
        assertThat(new TimeScale(0, 0, 3).eventTimeMs(1_000)).isEqualTo(333);
    }

    @Test
    void eventTime_wholeSpeeds_agreeWithIntegerFloorDivision() {
        long[] speeds = {1, 3, 7, 1000, 3600};
        for (long speed : speeds) {
            TimeScale scale = new TimeScale(0, 0, speed);
            for (long traceMs = -100_000; traceMs <= 100_000_000; traceMs += 99_991) {
                assertThat(scale.eventTimeMs(traceMs))
                        .as("speed %d, trace time %d", speed, traceMs)
                        .isEqualTo(Math.floorDiv(traceMs, speed));
            }
        }
    }

    @Test
    void speed_notPositiveAndFinite_isRefused() {
        for (double speed : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new TimeScale(0, 0, speed))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("speed must be a positive finite number, was " + speed);
        }
    }
}
