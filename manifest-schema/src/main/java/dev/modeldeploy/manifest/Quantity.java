package dev.modeldeploy.manifest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes resource quantity ({@code 125m}, {@code 1.5Gi}, {@code 2e3}, {@code 1}) as the API server keeps it:
 * its {@link #value() value} and its {@link #canonical() canonical text}, the spelling k8s.io/apimachinery's
 * resource.Quantity writes back whenever an object passes through Kubernetes' Go types. Knative's defaulting webhook
 * does that to every Service, so a rendered {@code 1000m} is stored as {@code 1}; rendering the canonical text keeps
 * the stored object equal to what we sent, and comparing values makes another spelling of the same amount no change.
 *
 * <p>Grammar: an optional sign, a decimal number with at least one digit ({@code 5}, {@code 1.5}, {@code .5},
 * {@code 5.}), then nothing, a binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), a decimal suffix (n, u, m, k, M, G, T, P, E)
 * or a decimal exponent ({@code e3}, {@code E-2}). Two inputs the Go parser takes are errors here, as mistakes no
 * manifest means: text without a digit ({@code Ki} and {@code +} read as zero there) and exponents beyond
 * &plusmn;{@value #MAX_EXPONENT}.
 */
public final class Quantity {
    static final int MAX_EXPONENT = 100;
    private static final BigDecimal NANO = BigDecimal.ONE.scaleByPowerOfTen(-9);
    private static final BigDecimal BINARY_CAP = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal ONE_KI = BigDecimal.valueOf(1024);
    private static final BigInteger KI = BigInteger.valueOf(1024);
    private static final List<String> BINARY_SUFFIXES = List.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<Integer, String> DECIMAL_SUFFIX_BY_EXPONENT = Map.of(
            -9, "n", -6, "u", -3, "m", 0, "", 3, "k", 6, "M", 9, "G", 12, "T", 15, "P", 18, "E");

    /** The three families of suffix; the canonical text keeps the family the quantity was written in. */
    private enum Family { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private final BigDecimal value;
    private final String canonical;

    private Quantity(BigDecimal value, String canonical) {
        this.value = value;
        this.canonical = canonical;
    }

    /**
     * Reads a quantity as written in a manifest (a YAML number as its text: {@code 1e3}, not 1000.0).
     *
     * @throws IllegalArgumentException with a message that says what is wrong, for text that is not a quantity
     */
    public static Quantity parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a quantity must not be empty");
        }
        Written written = Written.scan(text);
        String suffix = written.suffix();
        Integer decimalExponent = DECIMAL_SUFFIXES.get(suffix);
        int binaryIndex = BINARY_SUFFIXES.indexOf(suffix);
        if (decimalExponent != null) {
            return of(written, Family.DECIMAL_SI, decimalExponent);
        }
        if (binaryIndex > 0) {
            return of(written, Family.BINARY_SI, 10 * binaryIndex);
        }
        if ((suffix.startsWith("e") || suffix.startsWith("E")) && suffix.length() > 1) {
            return of(written, Family.DECIMAL_EXPONENT, exponent(text, suffix));
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

    /**
     * The amount in base units (cores, bytes, devices) as Kubernetes keeps it: rounded up, away from zero, to a whole
     * number of nano-units, and for binary quantities capped at 2^63-1 in magnitude.
     */
    public BigDecimal value() {
        return value;
    }

    /** The text the API server stores for this quantity (what resource.Quantity marshals to JSON). */
    public String canonical() {
        return canonical;
    }

    /** Equal when the amounts are: {@code 1}, {@code 1000m} and {@code 1e0} are one quantity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Quantity q && value.compareTo(q.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }

    private static Quantity of(Written written, Family family, int exponent) {
        boolean kept = keptAsWritten(written, family, exponent);
        BigDecimal amount = written.negative() ? written.magnitude().negate() : written.magnitude();
        amount = family == Family.BINARY_SI
                ? amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)))
                : amount.scaleByPowerOfTen(exponent);
        amount = roundUpToNano(amount);
        if (family == Family.BINARY_SI && amount.abs().compareTo(BINARY_CAP) > 0) {
            amount = amount.signum() < 0 ? BINARY_CAP.negate() : BINARY_CAP;
        }
        if (family == Family.BINARY_SI && amount.signum() != 0 && amount.abs().compareTo(BigDecimal.ONE) < 0) {
            family = Family.DECIMAL_SI;
        }
        String canonical = kept ? written.text() : format(amount, family);
        return new Quantity(amount, canonical);
    }

    /**
     * Whether resource.Quantity keeps the text as written instead of reformatting it. Its parser has a fast path
     * for short numbers (at most 18 significant digits; for binary suffixes, no fraction and fewer digits the larger
     * the suffix) that remembers the input when it looks canonical: decimal, a multiple of three as exponent after
     * the fraction is shifted in, digits not starting with 0 and not ending in 000; binary, a number not divisible
     * by 8. The test ignores a sign, leading zeros and a trailing dot, so {@code +1}, {@code 01} and {@code 5.} are
     * stored as written.
     */
    private static boolean keptAsWritten(Written written, Family family, int exponent) {
        String number = written.significant();
        String fraction = written.fraction();
        if (family == Family.BINARY_SI) {
            int precision = 15 - number.length() - exponent * 3 / 10 - 1;
            return fraction.isEmpty() && precision >= 0 && Long.parseLong(number) % 8 != 0;
        }
        int precision = 18 - number.length() - fraction.length();
        long scale = (long) exponent - fraction.length();
        String digits = number + fraction;
        return precision >= 0 && scale >= -9 && scale % 3 == 0 && !digits.endsWith("000") && digits.charAt(0) != '0';
    }

    /**
     * The canonical text: no fraction, the largest suffix of the quantity's family that keeps the amount exact
     * (decimal exponents a multiple of three), no plus sign. Binary amounts below 1024 in magnitude or with a
     * fraction are written as decimal. Decimal amounts beyond the largest suffix (E) get no suffix at all, as
     * resource.Quantity writes them (1000E is stored as "1").
     */
    private static String format(BigDecimal amount, Family family) {
        if (amount.signum() == 0) {
            return "0";
        }
        if (family == Family.BINARY_SI && amount.abs().compareTo(ONE_KI) >= 0 && isWhole(amount)) {
            BigInteger mantissa = amount.toBigIntegerExact();
            int times = 0;
            while (times < BINARY_SUFFIXES.size() - 1 && mantissa.mod(KI).signum() == 0) {
                mantissa = mantissa.divide(KI);
                times++;
            }
            return mantissa + BINARY_SUFFIXES.get(times);
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        int exponent = -stripped.scale();
        int belowMultipleOfThree = Math.floorMod(exponent, 3);
        BigInteger mantissa = stripped.unscaledValue().multiply(BigInteger.TEN.pow(belowMultipleOfThree));
        exponent -= belowMultipleOfThree;
        if (family == Family.DECIMAL_EXPONENT) {
            return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
        }
        return mantissa + DECIMAL_SUFFIX_BY_EXPONENT.getOrDefault(exponent, "");
    }

    private static boolean isWhole(BigDecimal amount) {
        return amount.signum() == 0 || amount.stripTrailingZeros().scale() <= 0;
    }

    private static BigDecimal roundUpToNano(BigDecimal amount) {
        if (amount.scale() <= 9 || amount.signum() == 0) {
            return amount;
        }
        if (amount.abs().compareTo(NANO) < 0) {
            return amount.signum() < 0 ? NANO.negate() : NANO;
        }
        return amount.setScale(9, RoundingMode.UP);
    }

    private static int exponent(String text, String suffix) {
        String exponent = suffix.substring(1);
        if (exponent.matches("[+-]?[0-9]+")) {
            BigInteger e = new BigInteger(exponent.startsWith("+") ? exponent.substring(1) : exponent);
            if (e.abs().compareTo(BigInteger.valueOf(MAX_EXPONENT)) <= 0) {
                return e.intValue();
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a quantity: exponent '" + suffix
                + "' is not a whole number between -" + MAX_EXPONENT + " and " + MAX_EXPONENT);
    }

    /**
     * The parts of the text: sign, the integer digits without leading zeros ("0" when none are left), the digits
     * after the dot, and the suffix.
     */
    private record Written(String text, boolean negative, String significant, String fraction, String suffix) {

        static Written scan(String text) {
            int pos = 0;
            boolean negative = false;
            if (text.charAt(0) == '+' || text.charAt(0) == '-') {
                negative = text.charAt(0) == '-';
                pos++;
            }
            int integerStart = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            String integer = text.substring(integerStart, pos);
            String fraction = "";
            if (pos < text.length() && text.charAt(pos) == '.') {
                int fractionStart = ++pos;
                while (pos < text.length() && isDigit(text.charAt(pos))) {
                    pos++;
                }
                fraction = text.substring(fractionStart, pos);
            }
            if (integer.isEmpty() && fraction.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' is not a quantity: it must start with a number, as in 500m, 1.5 or 2Gi");
            }
            String significant = integer.replaceFirst("^0+", "");
            return new Written(text, negative, significant.isEmpty() ? "0" : significant, fraction, text.substring(pos));
        }

        /** The unsigned number as written, before the suffix. */
        BigDecimal magnitude() {
            return new BigDecimal(new BigInteger(significant + fraction), fraction.length());
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
