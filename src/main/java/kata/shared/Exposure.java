package kata.shared;

/** One way a memcached server lets in more than it should, as its {@code stats settings} show. */
public enum Exposure {

    /** {@code udpport} is not 0: anyone who can send it a spoofed packet can make it flood a victim. */
    UDP_ON,

    /** {@code inter} is {@code NULL} (every interface) or names an address beyond loopback. */
    LISTENS_BEYOND_LOOPBACK,

    /** Neither {@code auth_enabled_sasl} nor {@code auth_enabled_ascii} is {@code yes}: whoever connects, reads. */
    NO_AUTHENTICATION
}
