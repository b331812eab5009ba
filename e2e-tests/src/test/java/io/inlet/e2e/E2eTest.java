package io.inlet.e2e;

import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the end-to-end ITs: the one stack of real services all of them share ({@link E2eStack#get()}), a client
 * of its HTTP APIs and a reader of its lake.
 */
abstract class E2eTest {

    static E2eStack stack;
    static InletClient inlet;
    static LakeReader lake;

    @BeforeAll
    static void startStack() {
        stack = E2eStack.get();
        inlet = new InletClient(stack);
        lake = new LakeReader(stack);
    }
}
