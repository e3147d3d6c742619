package kata.support.rigor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name=value} arguments of the rigor tools, as Maven's exec plugin passes them; a blank value is absent. */
final class Options {

    private Options() {
    }

    static Map<String, String> parse(String[] args, String... known) {
        List<String> names = Arrays.asList(known);
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : null;
            if (name == null || !names.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "': expected --name=value with a name"
                        + " among " + names);
            }
            String value = arg.substring(equals + 1).strip();
            if (!value.isEmpty()) {
                options.put(name, value);
            }
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + "=… is required");
        }
        return value;
    }
}
