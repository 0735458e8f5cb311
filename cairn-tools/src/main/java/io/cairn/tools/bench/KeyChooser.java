package io.cairn.tools.bench;

import java.util.SplittableRandom;

/**
 * Which record an operation touches, as YCSB's request distributions choose it: uniform,
 * zipfian (popular records scattered over the key space by hashing, so that hot records are not
 * neighbours) and latest (the most recently inserted records are the most popular).
 */
abstract class KeyChooser {

    /** YCSB's skew: item i is chosen with probability proportional to 1 / i^0.99. */
    static final double ZIPFIAN_CONSTANT = 0.99;

    /** The record number of the next operation, below {@code recordCount}. */
    abstract long next(SplittableRandom random, long recordCount);

    static KeyChooser of(String distribution, long records) {
        return switch (distribution) {
            case "uniform" -> new Uniform();
            case "zipfian" -> new Scrambled(new Zipfian(records * 2));
            case "latest" -> new Latest(new Zipfian(records * 2));
            default -> throw new IllegalArgumentException("Unknown request distribution '" + distribution
                    + "' (uniform, zipfian or latest)");
        };
    }

    static final class Uniform extends KeyChooser {
        @Override
        long next(SplittableRandom random, long recordCount) {
            return random.nextLong(recordCount);
        }
    }

    /**
     * Zipfian ranks over {@code [0, items)} by the rejection-free method of Gray et al.
     * ("Quickly generating billion-record synthetic databases", SIGMOD 1994): the zeta sum is
     * computed once for the largest item count the run can reach.
     */
    static final class Zipfian {
        private final long items;
        private final double theta = ZIPFIAN_CONSTANT;
        private final double zetaN;
        private final double alpha;
        private final double eta;
        private final double half;

        Zipfian(long items) {
            this.items = Math.max(2, items);
            double zeta2 = zeta(2, theta);
            this.zetaN = zeta(this.items, theta);
            this.alpha = 1.0 / (1.0 - theta);
            this.eta = (1 - Math.pow(2.0 / this.items, 1 - theta)) / (1 - zeta2 / zetaN);
            this.half = 1 + Math.pow(0.5, theta);
        }

        private static double zeta(long n, double theta) {
            double sum = 0;
            for (long i = 1; i <= n; i++) {
                sum += 1 / Math.pow(i, theta);
            }
            return sum;
        }

        /** A rank in {@code [0, items)}; small ranks are the most likely. */
        long next(SplittableRandom random) {
            double u = random.nextDouble();
            double uz = u * zetaN;
            if (uz < 1.0) {
                return 0;
            }
            if (uz < half) {
                return 1;
            }
            return Math.min(items - 1, (long) (items * Math.pow(eta * u - eta + 1, alpha)));
        }
    }

    /** Zipfian ranks hashed over the records, so that popular records are spread out. */
    static final class Scrambled extends KeyChooser {
        private final Zipfian zipfian;

        Scrambled(Zipfian zipfian) {
            this.zipfian = zipfian;
        }

        @Override
        long next(SplittableRandom random, long recordCount) {
            return Math.floorMod(Keys.fnv64(zipfian.next(random)), recordCount);
        }
    }

    /** Zipfian distance back from the newest record. */
    static final class Latest extends KeyChooser {
        private final Zipfian zipfian;

        Latest(Zipfian zipfian) {
            this.zipfian = zipfian;
        }

        @Override
        long next(SplittableRandom random, long recordCount) {
            return Math.max(0, recordCount - 1 - zipfian.next(random) % recordCount);
        }
    }
}
