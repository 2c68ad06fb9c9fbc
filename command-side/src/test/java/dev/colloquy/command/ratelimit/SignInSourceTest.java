package dev.colloquy.command.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInSourceTest {

    @Test
    void anIpv4AddressIsItsOwnSource() {
        assertThat(RateLimiter.source("203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void everyAddressOfAnIpv6Slash64IsOneSourceHoweverItIsWritten() {
        String source = RateLimiter.source("2001:db8:0:0::1");
        assertThat(RateLimiter.source("2001:db8::ffff:2")).isEqualTo(source);
        assertThat(RateLimiter.source("2001:0db8:0000:0000:1234:5678:9abc:def0")).isEqualTo(source);
        assertThat(source).isEqualTo("20010db800000000::/64");
    }

    @Test
    void anotherSlash64IsAnotherSource() {
        assertThat(RateLimiter.source("2001:db8:0:1::1")).isNotEqualTo(RateLimiter.source("2001:db8:0:0::1"));
    }
}
