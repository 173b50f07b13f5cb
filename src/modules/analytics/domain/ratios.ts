/** a / b, or null when b is 0 (a rate with no base is unknown, not zero). */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
