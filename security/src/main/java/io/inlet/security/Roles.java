package io.inlet.security;

/** The two roles of Inlet's HTTP services: the admin may read and write, the reader may only read. */
public final class Roles {

    public static final String ADMIN = "ROLE_ADMIN";
    public static final String READER = "ROLE_READER";

    private Roles() {
    }
}
