"""Microsoft's QuickXorHash, transcribed line by line from the reference C# in the OneDrive API docs
("Code Snippets: QuickXorHash Algorithm"): slow, for checking the C-backed package and for the test Graph
server's `quickXorHash` values."""

from __future__ import annotations

import base64

BITS_IN_LAST_CELL = 32
SHIFT = 11
WIDTH_IN_BITS = 160
MASK64 = (1 << 64) - 1


class QuickXorHash:
    def __init__(self) -> None:
        self.data = [0] * ((WIDTH_IN_BITS - 1) // 64 + 1)
        self.shift_so_far = 0
        self.length_so_far = 0

    def update(self, array: bytes) -> None:
        cb_size = len(array)
        current_shift = self.shift_so_far
        vector_array_index = current_shift // 64
        vector_offset = current_shift % 64
        iterations = min(cb_size, WIDTH_IN_BITS)
        for i in range(iterations):
            is_last_cell = vector_array_index == len(self.data) - 1
            bits_in_vector_cell = BITS_IN_LAST_CELL if is_last_cell else 64
            if vector_offset <= bits_in_vector_cell - 8:
                for j in range(i, cb_size, WIDTH_IN_BITS):
                    self.data[vector_array_index] ^= (array[j] << vector_offset) & MASK64
            else:
                index1 = vector_array_index
                index2 = 0 if is_last_cell else vector_array_index + 1
                low = bits_in_vector_cell - vector_offset
                xored_byte = 0
                for j in range(i, cb_size, WIDTH_IN_BITS):
                    xored_byte ^= array[j]
                self.data[index1] ^= (xored_byte << vector_offset) & MASK64
                self.data[index2] ^= xored_byte >> low
            vector_offset += SHIFT
            while vector_offset >= bits_in_vector_cell:
                vector_array_index = 0 if is_last_cell else vector_array_index + 1
                vector_offset -= bits_in_vector_cell
        self.shift_so_far = (self.shift_so_far + SHIFT * (cb_size % WIDTH_IN_BITS)) % WIDTH_IN_BITS
        self.length_so_far += cb_size

    def digest(self) -> bytes:
        rgb = bytearray((WIDTH_IN_BITS - 1) // 8 + 1)
        for i in range(len(self.data) - 1):
            rgb[i * 8 : i * 8 + 8] = self.data[i].to_bytes(8, "little")
        last = len(self.data) - 1
        rgb[last * 8 :] = self.data[last].to_bytes(8, "little")[: len(rgb) - last * 8]
        length_bytes = self.length_so_far.to_bytes(8, "little")
        for i, byte in enumerate(length_bytes):
            rgb[WIDTH_IN_BITS // 8 - len(length_bytes) + i] ^= byte
        return bytes(rgb)


def quick_xor_base64(data: bytes, chunk: int | None = None) -> str:
    """Graph's `quickXorHash` value for these bytes (fed in chunks of `chunk` bytes when given)."""
    hasher = QuickXorHash()
    step = chunk or max(len(data), 1)
    for start in range(0, len(data), step):
        hasher.update(data[start : start + step])
    return base64.b64encode(hasher.digest()).decode("ascii")
