package dev.modeldeploy.manifest.rules;

import java.util.Optional;

/** Finds the regex constructs that Java supports and RE2 does not, in a pattern Java already compiled. */
final class Re2Subset {
    private Re2Subset() {
    }

    static Optional<String> unsupportedConstruct(String regex) {
        boolean inClass = false;
        boolean afterQuantifier = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(i + 1);
                if (!inClass && next >= '1' && next <= '9') {
                    return Optional.of("a backreference '\\" + next + "'");
                }
                if (!inClass && next == 'k' && i + 2 < regex.length() && regex.charAt(i + 2) == '<') {
                    return Optional.of("a named backreference '\\k<'");
                }
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                } else {
                    i++;
                }
                afterQuantifier = false;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c == '[') {
                    return Optional.of("a nested character class '['");
                }
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    // A ']' right after '[' or '[^' is a literal, not the end of the class.
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                        i++;
                    }
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                        i++;
                    }
                    afterQuantifier = false;
                }
                case '(' -> {
                    String rest = regex.substring(i + 1);
                    if (rest.startsWith("?=") || rest.startsWith("?!")) {
                        return Optional.of("a lookahead '(" + rest.substring(0, 2) + "'");
                    }
                    if (rest.startsWith("?<=") || rest.startsWith("?<!")) {
                        return Optional.of("a lookbehind '(" + rest.substring(0, 3) + "'");
                    }
                    if (rest.startsWith("?>")) {
                        return Optional.of("an atomic group '(?>'");
                    }
                    afterQuantifier = false;
                }
                case '*', '?', '}' -> {
                    afterQuantifier = true;
                    if (c == '?' && i + 1 < regex.length() && regex.charAt(i + 1) == '+') {
                        return Optional.of("a possessive quantifier '?+'");
                    }
                    if (c == '?' && i > 0 && "*+?}".indexOf(regex.charAt(i - 1)) >= 0) {
                        afterQuantifier = false; // lazy marker, not a quantifier of its own
                    }
                }
                case '+' -> {
                    if (afterQuantifier) {
                        return Optional.of("a possessive quantifier '" + regex.charAt(i - 1) + "+'");
                    }
                    afterQuantifier = true;
                }
                default -> afterQuantifier = false;
            }
        }
        return Optional.empty();
    }
}
