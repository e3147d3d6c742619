package kata.support.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lesson's hints, tier by tier: the {@code <details>} blocks under its "## Hints" heading (Nudge, More, The exact
 * calls), each cut into its items (a bullet or a paragraph).
 *
 * <p>The tiers are written for the whole kata; an item that names tasks ("For task 4, …", "serves tasks 1 and 3")
 * belongs to those tasks, one that names none to every task. {@link #tier(int, int)} keeps what concerns the task.
 */
public final class Hints {

    private static final Pattern DETAILS = Pattern.compile(
            "<details>\\s*<summary>(.*?)</summary>(.*?)</details>", Pattern.DOTALL);
    private static final Pattern TASKS = Pattern.compile("\\btasks?\\s+(\\d+(?:\\s*(?:,|and|or)\\s*\\d+)*)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** One tier: its title ("Nudge") and its items, each a list of lines. */
    public record Tier(String title, List<List<String>> items) {
    }

    private final List<Tier> tiers;

    private Hints(List<Tier> tiers) {
        this.tiers = List.copyOf(tiers);
    }

    /** The hints of a lesson's Markdown; none when it has no "## Hints" section. */
    public static Hints of(String lesson) {
        int start = lesson.indexOf("\n## Hints");
        if (start < 0) {
            return new Hints(List.of());
        }
        int end = lesson.indexOf("\n## ", start + 1);
        String section = lesson.substring(start, end < 0 ? lesson.length() : end);
        List<Tier> tiers = new ArrayList<>();
        Matcher details = DETAILS.matcher(section);
        while (details.find()) {
            tiers.add(new Tier(details.group(1).strip(), items(details.group(2))));
        }
        return new Hints(tiers);
    }

    /** How many tiers there are (three in every lesson of this kata). */
    public int tiers() {
        return tiers.size();
    }

    /**
     * Tier {@code index} (0 is the nudge) for {@code task}: its items that name that task or no task at all.
     *
     * @return the tier's lines, after a line naming it; an item that names only other tasks is left out, and a last
     *         line says how many were
     */
    public List<String> tier(int index, int task) {
        Tier tier = tiers.get(index);
        List<String> lines = new ArrayList<>();
        lines.add("Hint " + (index + 1) + " of " + tiers.size() + " (" + tier.title() + "), for task " + task + ":");
        int other = 0;
        for (List<String> item : tier.items()) {
            Set<Integer> named = tasksNamed(String.join(" ", item));
            if (named.isEmpty() || named.contains(task)) {
                item.forEach(line -> lines.add("  " + line));
            } else {
                other++;
            }
        }
        if (other > 0) {
            lines.add("  (" + other + " more in this tier for other tasks: the lesson has them all)");
        }
        return lines;
    }

    /** The task numbers a hint names: "task 4" is {4}, "tasks 1 and 3" is {1, 3}. */
    static Set<Integer> tasksNamed(String text) {
        Set<Integer> tasks = new TreeSet<>();
        Matcher matcher = TASKS.matcher(text);
        while (matcher.find()) {
            Matcher number = NUMBER.matcher(matcher.group(1));
            while (number.find()) {
                tasks.add(Integer.parseInt(number.group()));
            }
        }
        return tasks;
    }

    /** A bullet ("- ", with its indented continuation lines) or a paragraph is one item. */
    private static List<List<String>> items(String body) {
        List<List<String>> items = new ArrayList<>();
        List<String> current = null;
        for (String raw : body.strip().split("\\R")) {
            String line = raw.stripTrailing();
            if (line.isBlank()) {
                current = null;
                continue;
            }
            boolean bullet = line.startsWith("- ") || line.startsWith("* ");
            if (current == null || bullet && !raw.startsWith(" ")) {
                current = new ArrayList<>();
                items.add(current);
            }
            current.add(line);
        }
        return items;
    }
}
