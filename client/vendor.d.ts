// Types for the untyped codec packages compression.ts uses: only the functions it calls.

declare module 'lz4js' {
  /** Worst-case compressed size of n bytes. */
  export function compressBound(n: number): number;
  /** Compresses src[sIndex, sIndex + sLength) as one raw LZ4 block into dst; returns its size (0: incompressible). */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  /** Decodes one raw LZ4 block from src[sIndex, sIndex + sLength) into dst at dIndex; returns the new end in dst. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
}

declare module 'lz4js/xxh32' {
  /** XXH32 of src[index, index + len). */
  export function hash(seed: number, src: Uint8Array, index: number, len: number): number;
}

declare module 'snappyjs' {
  export function compress(input: Uint8Array): Uint8Array;
  export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
}
