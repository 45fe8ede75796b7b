package io.runnel.generator.types;

/**
 * Java boolean expressions as generated text. A condition known at generation time is the literal
 * {@link #TRUE} or {@link #FALSE}; the helpers here then pick one branch instead of emitting a test, so the
 * generated code carries no dead branches.
 */
public final class JavaCondition {
    public static final String TRUE = "true";
    public static final String FALSE = "false";

    private JavaCondition() {
    }

    /** Whether {@code cond} is the literal {@code true}. */
    public static boolean isTrue(String cond) {
        return cond.equals(TRUE);
    }

    /** Whether {@code cond} is the literal {@code false}. */
    public static boolean isFalse(String cond) {
        return cond.equals(FALSE);
    }

    /** An expression: {@code ifTrue} when {@code cond} holds, else {@code ifFalse}. */
    public static String pick(String cond, String ifTrue, String ifFalse) {
        return folded(cond, ifTrue, ifFalse, "(" + cond + " ? " + ifTrue + " : " + ifFalse + ")");
    }

    /** A statement: {@code ifTrue} when {@code cond} holds, else {@code ifFalse}, both on one line. */
    public static String branch(String cond, String ifTrue, String ifFalse) {
        return folded(cond, ifTrue, ifFalse, "if (" + cond + ") { " + ifTrue + " } else { " + ifFalse + " }");
    }

    private static String folded(String cond, String ifTrue, String ifFalse, String atRunTime) {
        if (isTrue(cond)) {
            return ifTrue;
        }
        return isFalse(cond) ? ifFalse : atRunTime;
    }
}
