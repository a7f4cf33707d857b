/** The part of `bintrees` (a red-black tree, no types of its own) that the user directory uses. */
declare module 'bintrees' {
  export interface TreeIterator<T> {
    /** The item at the cursor, or null past either end. */
    data(): T | null;
    /** Moves to the next item and returns it, or null at the end. */
    next(): T | null;
  }
  export class RBTree<T> {
    constructor(comparator: (a: T, b: T) => number);
    readonly size: number;
    /** False if an equal item is there already. */
    insert(item: T): boolean;
    /** False if no equal item was there. */
    remove(item: T): boolean;
    find(item: T): T | null;
    /** The first item not less than `item`. */
    lowerBound(item: T): TreeIterator<T>;
    /** The first item greater than `item`. */
    upperBound(item: T): TreeIterator<T>;
    clear(): void;
  }
  const bintrees: { RBTree: typeof RBTree };
  export default bintrees;
}
