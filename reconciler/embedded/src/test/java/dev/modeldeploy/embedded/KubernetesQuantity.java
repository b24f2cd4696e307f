package dev.modeldeploy.embedded;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * What Kubernetes' resource.Quantity stores for a quantity's text (ParseQuantity, then JSON marshalling), input it
 * accepts only by accident included ({@code Ki} is 0). Test code, written apart from production's
 * {@code dev.modeldeploy.manifest.Quantity} so that each is checked against the conformance tables on its own, and
 * following the Go parser's steps: a fast path on 64-bit integers that keeps text that looks canonical, a slow path
 * on exact decimals, then the canonical formatting.
 */
public final class KubernetesQuantity {
    private static final String SUFFIX_CHARACTERS = "eEinumkKMGTP";
    private static final Map<String, Integer> DECIMAL = Map.of(
            "", 0, "n", -9, "u", -6, "m", -3, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final Map<Integer, String> DECIMAL_BY_EXPONENT = Map.of(
            -9, "n", -6, "u", -3, "m", 0, "", 3, "k", 6, "M", 9, "G", 12, "T", 15, "P", 18, "E");
    private static final Map<Integer, String> BINARY_BY_EXPONENT = Map.of(10, "Ki", 20, "Mi", 30, "Gi", 40, "Ti", 50, "Pi", 60, "Ei");
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal NANO = new BigDecimal("1e-9");

    private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private KubernetesQuantity() {
    }

    /** The stored text. @throws IllegalArgumentException where ParseQuantity fails */
    public static String canonical(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty quantity");
        }
        if (text.equals("0")) {
            return "0";
        }
        int end = text.length();
        int pos = 0;
        boolean positive = true;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            positive = text.charAt(0) == '+';
            pos++;
        }
        while (pos < end && text.charAt(pos) == '0') {
            pos++;
        }
        String num;
        String denom = "";
        String number;
        String suffix;
        if (pos >= end) {
            num = "0";
            number = "0";
            suffix = "";
        } else {
            int start = pos;
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
            num = start == pos ? "0" : text.substring(start, pos);
            if (pos < end && text.charAt(pos) == '.') {
                int fractionStart = ++pos;
                while (pos < end && isDigit(text.charAt(pos))) {
                    pos++;
                }
                denom = text.substring(fractionStart, pos);
            }
            number = text.substring(0, pos);
            int suffixStart = pos;
            while (pos < end && SUFFIX_CHARACTERS.indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos < end) {
                throw new IllegalArgumentException("quantity has the wrong format: " + text);
            }
            suffix = text.substring(suffixStart);
        }

        Format format;
        int exponent;
        if (DECIMAL.containsKey(suffix)) {
            format = Format.DECIMAL_SI;
            exponent = DECIMAL.get(suffix);
        } else if (BINARY.containsKey(suffix)) {
            format = Format.BINARY_SI;
            exponent = BINARY.get(suffix);
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            format = Format.DECIMAL_EXPONENT;
            try {
                exponent = (int) Long.parseLong(suffix.substring(1)); // Go converts to int32 the same way
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unable to parse the suffix of " + text);
            }
        } else {
            throw new IllegalArgumentException("unable to parse the suffix of " + text);
        }

        String fast = fastPath(text, positive, num, denom, format, exponent);
        if (fast != null) {
            return fast;
        }
        return slowPath(text, number, format, exponent);
    }

    /** Null when the number is too long or too fine for 64-bit integers. */
    private static String fastPath(String text, boolean positive, String num, String denom, Format format, int exponent) {
        long precision;
        long scale = 0;
        long multiplier = 1;
        if (format == Format.BINARY_SI) {
            if (!denom.isEmpty()) {
                return null;
            }
            multiplier = 1L << exponent;
            precision = 15 - num.length() - (int) ((float) exponent * 3 / 10) - 1;
        } else {
            scale = exponent;
            precision = 18 - (num.length() + denom.length());
        }
        if (precision < 0) {
            return null;
        }
        scale -= denom.length();
        if (scale < -9) {
            return null;
        }
        String shifted = num + denom;
        long digits = Long.parseLong(shifted);
        long amount;
        try {
            amount = Math.multiplyExact(digits, multiplier);
        } catch (ArithmeticException e) {
            return null;
        }
        boolean looksCanonical = format == Format.BINARY_SI
                ? exponent % 10 == 0 && (digits & 7) != 0
                : scale % 3 == 0 && !shifted.endsWith("000") && shifted.charAt(0) != '0';
        if (looksCanonical) {
            return text;
        }
        return format(BigDecimal.valueOf(positive ? amount : -amount, (int) -scale), format);
    }

    private static String slowPath(String text, String number, Format format, int exponent) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unable to parse the number of " + text);
        }
        amount = format == Format.BINARY_SI
                ? amount.multiply(new BigDecimal(BigInteger.TWO.pow(exponent)))
                : amount.scaleByPowerOfTen(exponent);
        int sign = amount.signum();
        amount = amount.abs();
        if (sign != 0 && amount.scale() > 9) {
            // rounds up to whole nano-units, so that asking for a little gives a little
            amount = amount.compareTo(NANO) < 0 ? NANO : amount.setScale(9, RoundingMode.UP);
        }
        if (format == Format.BINARY_SI && amount.compareTo(MAX) > 0) {
            amount = MAX;
        }
        if (format == Format.BINARY_SI && sign != 0 && amount.compareTo(BigDecimal.ONE) < 0) {
            format = Format.DECIMAL_SI;
        }
        return format(sign < 0 ? amount.negate() : amount, format);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String format(BigDecimal amount, Format format) {
        if (amount.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI) {
            BigDecimal whole = amount.setScale(0, RoundingMode.UP);
            if (amount.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || whole.compareTo(amount) != 0) {
                format = Format.DECIMAL_SI;
            } else {
                BigInteger mantissa = whole.toBigInteger();
                int exponent = 0;
                BigInteger[] division = mantissa.divideAndRemainder(BigInteger.valueOf(1024));
                while (division[1].signum() == 0) {
                    mantissa = division[0];
                    exponent += 10;
                    division = mantissa.divideAndRemainder(BigInteger.valueOf(1024));
                }
                return mantissa + BINARY_BY_EXPONENT.getOrDefault(exponent, "");
            }
        }
        BigInteger mantissa = amount.unscaledValue();
        int exponent = -amount.scale();
        BigInteger[] division = mantissa.divideAndRemainder(BigInteger.TEN);
        while (division[1].signum() == 0) {
            mantissa = division[0];
            exponent++;
            division = mantissa.divideAndRemainder(BigInteger.TEN);
        }
        while (exponent % 3 != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN);
            exponent--;
        }
        if (format == Format.DECIMAL_EXPONENT) {
            return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
        }
        // past E there is no suffix, and resource.Quantity writes none
        return mantissa + DECIMAL_BY_EXPONENT.getOrDefault(exponent, "");
    }
}
