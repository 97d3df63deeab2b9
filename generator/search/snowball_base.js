// The machine the Snowball stemmers run on: a string, a cursor moving forwards or backwards
// between limits, and the slice [bra, ket) the rules replace. Only what the translated
// stemmers call is here (generator/search/snowball.py checks that, and stops the build when a
// stemmer needs more).
class SnowballMachine {
  stemWord(word) {
    this.current = word;
    this.cursor = 0;
    this.limit = word.length;
    this.limit_backward = 0;
    this.bra = 0;
    this.ket = this.limit;
    this.stem_();
    return this.current;
  }

  // Forwards to the first character not in / in the group; false at the limit.
  go_in_grouping(group) {
    for (; this.cursor < this.limit; this.cursor++) if (!group.has(this.current[this.cursor])) return true;
    return false;
  }

  go_out_grouping(group) {
    for (; this.cursor < this.limit; this.cursor++) if (group.has(this.current[this.cursor])) return true;
    return false;
  }

  // One character in / not in the group, at the cursor (forwards) or before it (backwards):
  // the cursor steps over it; false at the limit.
  in_grouping(group) {
    if (this.cursor >= this.limit || !group.has(this.current[this.cursor])) return false;
    this.cursor++;
    return true;
  }

  in_grouping_b(group) {
    if (this.cursor <= this.limit_backward || !group.has(this.current[this.cursor - 1])) return false;
    this.cursor--;
    return true;
  }

  out_grouping_b(group) {
    if (this.cursor <= this.limit_backward || group.has(this.current[this.cursor - 1])) return false;
    this.cursor--;
    return true;
  }

  // Backwards to the first character in the group; false at the limit.
  go_out_grouping_b(group) {
    for (; this.cursor > this.limit_backward; this.cursor--) if (group.has(this.current[this.cursor - 1])) return true;
    return false;
  }

  // Whether `s` ends at the cursor (within the backward limit): the cursor moves before it.
  eq_s_b(s) {
    if (this.cursor - this.limit_backward < s.length || this.current.slice(this.cursor - s.length, this.cursor) !== s) {
      return false;
    }
    this.cursor -= s.length;
    return true;
  }

  // find_among_b's mirror: the longest entry that starts at the cursor (the cursor moved after
  // it), searched the same way from the other end of each text.
  find_among(among) {
    const c = this.cursor;
    const l = this.limit;
    let lo = 0;
    let hi = among.length;
    let commonLo = 0;
    let commonHi = 0;
    let firstSeen = false;
    for (;;) {
      const k = lo + ((hi - lo) >> 1);
      let diff = 0;
      let common = Math.min(commonLo, commonHi);
      const s = among[k][0];
      while (common < s.length) {
        if (c + common === l) { diff = -1; break; }
        diff = this.current.charCodeAt(c + common) - s.charCodeAt(common);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { hi = k; commonHi = common; } else { lo = k; commonLo = common; }
      if (hi - lo <= 1) {
        if (lo > 0 || hi === lo || firstSeen) break;
        firstSeen = true;
      }
    }
    for (;;) {
      const [s, shorter, result, condition] = among[lo];
      if (commonLo >= s.length) {
        this.cursor = c + s.length;
        if (!condition) return result;
        if (condition.call(this)) { this.cursor = c + s.length; return result; }
      }
      lo = shorter;
      if (lo < 0) return 0;
    }
  }

  // The longest entry of the sorted table `among` that ends at the cursor and whose
  // condition, if it has one, holds: its result (the cursor moved before it), or 0. Each
  // entry is [text, index of the longest entry it ends with, result, condition]. A binary
  // search that remembers how many characters both ends of the range share with the text.
  find_among_b(among) {
    const c = this.cursor;
    const lb = this.limit_backward;
    let lo = 0;
    let hi = among.length;
    let commonLo = 0;
    let commonHi = 0;
    let firstSeen = false;
    for (;;) {
      const k = lo + ((hi - lo) >> 1);
      let diff = 0;
      let common = Math.min(commonLo, commonHi);
      const s = among[k][0];
      while (common < s.length) {
        if (c - common === lb) { diff = -1; break; }
        diff = this.current.charCodeAt(c - 1 - common) - s.charCodeAt(s.length - 1 - common);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { hi = k; commonHi = common; } else { lo = k; commonLo = common; }
      if (hi - lo <= 1) {
        if (lo > 0 || hi === lo || firstSeen) break;
        firstSeen = true;
      }
    }
    for (;;) {
      const [s, shorter, result, condition] = among[lo];
      if (commonLo >= s.length) {
        this.cursor = c - s.length;
        if (!condition) return result;
        if (condition.call(this)) { this.cursor = c - s.length; return result; }
      }
      lo = shorter;
      if (lo < 0) return 0;
    }
  }

  // The slice [bra, ket) becomes `s`; the cursor and the limit follow.
  slice_from(s) {
    const adjustment = s.length - (this.ket - this.bra);
    this.current = this.current.slice(0, this.bra) + s + this.current.slice(this.ket);
    this.limit += adjustment;
    if (this.cursor >= this.ket) this.cursor += adjustment;
    else if (this.cursor > this.bra) this.cursor = this.bra;
    this.ket = this.bra + s.length;
  }

  slice_del() {
    this.slice_from("");
  }
}
