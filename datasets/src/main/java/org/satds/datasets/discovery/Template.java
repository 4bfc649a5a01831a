package org.satds.datasets.discovery;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code {name}} placeholders of rule templates. */
final class Template {
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");

    private Template() {}

    static String render(String template, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template '" + template + "' uses unknown {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** Fails unless every placeholder of {@code template} is one of {@code available}. */
    static void requireKnown(String template, Set<String> available, String where) {
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            if (!available.contains(m.group(1))) {
                throw new IllegalArgumentException(where + ": '" + template + "' uses {" + m.group(1)
                        + "}, which is neither a named group of 'match' nor a variant entry (known: " + available + ")");
            }
        }
    }

    /** Names of the regex's named groups (Java 17's Pattern cannot list them). */
    static Set<String> groupNames(String regex) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAMED_GROUP.matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
