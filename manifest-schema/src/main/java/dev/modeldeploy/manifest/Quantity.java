package dev.modeldeploy.manifest;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Kubernetes resource quantities ({@code 125m}, {@code 1.5Gi}, {@code 2e3}, {@code 1}), parsed to their exact
 * value in base units so requests and limits can be compared. Follows the grammar of
 * k8s.io/apimachinery's resource.Quantity: a signed decimal number followed by nothing, a binary suffix
 * (Ki..Ei), a decimal suffix (n, u, m, k, M..E) or a decimal exponent (e3, E-2).
 */
public final class Quantity {
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
            Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
            Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
            Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
            Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
            Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
            Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
            Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
            Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));
    private static final int MAX_EXPONENT = 100;

    private Quantity() {
    }

    /**
     * The value in base units (cores, bytes, devices).
     *
     * @throws IllegalArgumentException with a message that says what is wrong, for text that is not a quantity
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a quantity must not be empty");
        }
        int pos = 0;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            pos++;
        }
        int numberStart = pos;
        int digits = 0;
        boolean dot = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
            pos++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a quantity: it must start with a number, as in 500m, 1.5 or 2Gi");
        }
        String number = text.substring(0, pos);
        if (number.endsWith(".")) {
            number = number + "0";
        }
        if (number.charAt(numberStart) == '.') {
            number = number.substring(0, numberStart) + "0" + number.substring(numberStart);
        }
        BigDecimal value = new BigDecimal(number);
        String suffix = text.substring(pos);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier != null) {
            return value.multiply(multiplier);
        }
        if ((suffix.startsWith("e") || suffix.startsWith("E")) && suffix.length() > 1) {
            String exponent = suffix.substring(1);
            if (exponent.matches("[+-]?[0-9]{1,3}")) {
                int e = Integer.parseInt(exponent);
                if (Math.abs(e) <= MAX_EXPONENT) {
                    return value.scaleByPowerOfTen(e);
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a quantity: exponent '" + suffix + "' is not a whole number between -"
                    + MAX_EXPONENT + " and " + MAX_EXPONENT);
        }
        throw new IllegalArgumentException("'" + text + "' is not a quantity: unknown suffix '" + suffix
                + "' (binary: Ki, Mi, Gi, Ti, Pi, Ei; decimal: n, u, m, k, M, G, T, P, E)");
    }

    /** True when {@link #parse} accepts the text. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
