package org.geosync.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses a command's arguments: positional ones and options in any order, options with a value or flags. */
final class Args {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Args() {
    }

    /**
     * Parses {@code args}; {@code valued} names the options taking a value (--name VALUE or --name=VALUE),
     * {@code flags} those without. Anything else starting with "--" is a usage error.
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags, String usage) throws CommandLine.UsageException {
        Args a = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                a.positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name) && value == null) {
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new CommandLine.UsageException(name + " needs a value; expected '" + usage + "'");
                    }
                    value = args.get(++i);
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new CommandLine.UsageException("unknown option '" + name + "'; expected '" + usage + "'");
            }
        }
        return a;
    }

    List<String> positional() {
        return positional;
    }

    /** Requires exactly {@code n} positional arguments. */
    Args expect(int n, String usage) throws CommandLine.UsageException {
        if (positional.size() != n) {
            throw new CommandLine.UsageException("expected '" + usage + "'");
        }
        return this;
    }

    boolean has(String option) {
        return values.containsKey(option);
    }

    /** The option's value (the last one given), or null. */
    String value(String option) {
        List<String> v = values.get(option);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value given for a repeatable option. */
    List<String> all(String option) {
        return values.getOrDefault(option, List.of());
    }

    /** The value, which must be one of {@code choices}; null when absent. */
    String choice(String option, String... choices) throws CommandLine.UsageException {
        String v = value(option);
        if (v == null) {
            return null;
        }
        for (String c : choices) {
            if (c.equals(v)) {
                return v;
            }
        }
        throw new CommandLine.UsageException(option + " must be one of " + String.join(", ", choices) + ", not '" + v + "'");
    }

    /** The option as a required value. */
    String required(String option, String usage) throws CommandLine.UsageException {
        String v = value(option);
        if (v == null) {
            throw new CommandLine.UsageException(option + " is required; expected '" + usage + "'");
        }
        return v;
    }
}
