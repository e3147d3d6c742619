package kata.k90_fixture;

/** The stand-in kata's solution. Task 1: greet by name. Task 2: refuse a blank name. */
public final class Greeter {

    private Greeter() {
    }

    public static String greet(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("k90: a name is required");
        }
        return "Hello, " + name + "!";
    }
}
