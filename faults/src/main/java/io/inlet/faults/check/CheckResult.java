package io.inlet.faults.check;

/** One check's verdict; a failure's detail names the fault or check and the ids concerned (the first 20). */
public record CheckResult(String name, boolean passed, String detail) {

    public static final int SHOWN = 20;

    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, true, detail);
    }

    public static CheckResult fail(String name, String detail) {
        return new CheckResult(name, false, detail);
    }

    public String line() {
        return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
    }
}
