// The traceback finder of "Find your situation" (ext/traceback_finder.py): reads a pasted
// traceback in the browser, and sends nothing anywhere. The rules come from the page
// (docs/traceback-finder.toml), the words from the page's own, translated, text.
"use strict";
(() => {
  const finder = document.querySelector(".traceback-finder");
  if (!finder) return;
  const rules = JSON.parse(finder.dataset.rules);
  const input = finder.querySelector("textarea");
  const result = finder.querySelector(".finder-result");
  const fixes = finder.querySelectorAll(".finder-words li a");
  const words = (name) => finder.querySelector(".finder-" + name).textContent.trim();
  // How a frame reads, and a library's path: the [reading] table of traceback-finder.toml.
  const FRAME = new RegExp(rules.reading.frame);
  const PYTEST_FRAME = new RegExp(rules.reading.pytest_frame); // pytest's, below its code
  const LIBRARY = rules.reading.library.map((pattern) => new RegExp(pattern));
  const GENERATED = new RegExp(rules.reading.generated);
  const NOT_FLASK = rules.reading.not_flask; // frameworks that are not Flask: no fix here is theirs
  // IPython's and Jupyter's own way: its header, its frames, the arrow at the line that ran.
  const IPY_HEADER = new RegExp(rules.reading.ipython_header);
  const IPY_FRAME = rules.reading.ipython_frame.map((pattern) => new RegExp(pattern));
  const IPY_ARROW = new RegExp(rules.reading.ipython_arrow);
  // Every step below is linear in the paste; a line shown is cut to this.
  const LONGEST_LINE = 2000;
  const cut = (line) => (line.length > LONGEST_LINE ? line.slice(0, LONGEST_LINE) + "…" : line);
  // A longer paste keeps its last MAX_PASTE characters, from the start of a line (the error is
  // at the end): a browser takes seconds to lay out megabytes in a text box.
  const MAX_PASTE = 100000; // stated on the page (docs/find-your-fix.md)
  const tail = (text) => {
    if (text.length <= MAX_PASTE) return text;
    const end = text.slice(-MAX_PASTE);
    const start = end.indexOf("\n");
    return start >= 0 ? end.slice(start + 1) : end;
  };

  const HEADER = "Traceback (most recent call last):"; // the first line of a traceback
  const isHeader = (line) => line.includes(HEADER) || IPY_HEADER.test(line.trim());

  // A log that prefixes each line (docker compose's "web-1  | ", a timestamp) prefixes the
  // traceback's lines too: what comes before "Traceback" on its line, its digits any digits, is
  // taken off every line that starts with it, after its indent (a "#" that comments out a paste).
  const LONGEST_PREFIX = 200;
  function unprefixed(lines) {
    const start = lines.find((l) => l.includes(HEADER));
    const prefix = start ? start.slice(0, start.indexOf("Traceback")) : "";
    if (!prefix.trim() || prefix.length > LONGEST_PREFIX) return lines;
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\d+/g, "\\d+");
    const pattern = new RegExp("^(\\s*)" + escaped);
    return lines.map((l) => l.replace(pattern, "$1"));
  }

  // A log viewer that shows the newest line first prints a traceback upside down (its frames
  // before its header, the error first): such a paste is read the right way up.
  function upright(lines) {
    const isFrame = (l) => FRAME.test(l.trim());
    const headers = lines.flatMap((l, i) => (l.includes(HEADER) ? [i] : []));
    const found = lines.flatMap((l, i) => (isFrame(l) ? [i] : []));
    if (!headers.length || !found.length) return lines;
    const reversed = found[0] < headers[0] && headers[headers.length - 1] > found[found.length - 1];
    return reversed ? lines.slice().reverse() : lines;
  }

  // An IPython frame ({path, line, func}; a cell, and a file at module level, as "<module>"),
  // its line and code from the arrow among the source lines under it, up to the next frame.
  const ipyMatch = (line) => IPY_FRAME.map((pattern) => pattern.exec(line.trim())).find(Boolean);
  function ipythonFrame(lines, i) {
    const m = ipyMatch(lines[i]);
    if (!m) return undefined;
    let { path, line, func } = m.groups;
    func = (func || "").replace(/\(.*$/, "").split(".").pop();
    if (!func || func.startsWith("<cell")) func = "<module>";
    let code = "";
    for (let j = i + 1; j < lines.length && lines[j].trim() && !ipyMatch(lines[j]); j++) {
      const arrow = IPY_ARROW.exec(lines[j].trim());
      if (arrow) {
        line = line || arrow[1];
        code = cut(arrow[2].trim());
      }
    }
    return { path, line, func, code };
  }

  // Each frame: path (forward slashes), line, function, and its source line.
  function frames(lines) {
    const found = [];
    let shown = ""; // pytest shows a frame's code first, the failing line marked with ">"
    let first = true; // the first frame of a traceback (a chain of exceptions has several)
    const ipython = lines.some((l) => IPY_HEADER.test(l.trim()));
    lines.forEach((line, i) => {
      if (line.startsWith(">")) shown = cut(line.slice(1).trim());
      if (isHeader(line)) first = true;
      const frame = ipython && ipythonFrame(lines, i);
      if (frame) {
        found.push({ ...frame, path: frame.path.replace(/\\/g, "/"), index: i, first });
        first = false;
        return;
      }
      let m = FRAME.exec(line.trim());
      if (m) {
        // a blank line between a frame and its code (a web page's paste), not its error
        let next = (lines[i + 1] || "").trim();
        if (!next && RAISES.test(next = (lines[i + 2] || "").trim())) next = "";
        found.push({ path: m[1].replace(/\\/g, "/"), line: m[2], func: m[3], index: i, first,
                     code: FRAME.test(next) ? "" : cut(next) });
        first = false;
      } else if ((m = PYTEST_FRAME.exec(line))) {
        found.push({ path: m[1].replace(/\\/g, "/"), line: m[2], func: m[3] || "", index: i, code: shown, first });
        shown = "";
        first = false;
      }
    });
    return found;
  }

  // Not the reader's code: installed packages, the standard library, Python's own machinery.
  const isLibrary = (frame) => LIBRARY.some((pattern) => pattern.test(frame.path)) ||
    (GENERATED.test(frame.path) && frame.func !== "<module>");

  // The traceback that ends with the error, as [its first frame, the frame after its last) of
  // the stack: up to the first line after a frame that raises it (pytest's "E   ..." too; not an
  // exception quoting it), as a chain prints its cause first and a log may print other
  // tracebacks after it. Without such a line, the last traceback.
  const RAISES = /^(E\s+)?[\w.]+: /;
  const raises = (line, error) => {
    const m = RAISES.exec(line);
    const rest = m ? line.slice(m[0].length) : "";
    return m && error.texts.some((t) => rest.startsWith(t) || line.replace(/^E\s+/, "").startsWith(t));
  };
  function ending(lines, stack, error) {
    let end = stack.length;
    const after = stack.length ? stack[0].index + 1 : lines.length;
    for (let i = after; i < lines.length; i++) {
      if (raises(lines[i], error)) {
        end = stack.findIndex((f) => f.index > i);
        if (end < 0) end = stack.length;
        break;
      }
    }
    const start = stack.slice(0, end).map((f) => f.first).lastIndexOf(true);
    return [Math.max(start, 0), end];
  }

  // The kind of error a paste states, if it states one whole.
  const errorIn = (lines) => rules.error.find((e) => e.texts.some((t) => lines.some((l) => l.includes(t))));

  // A paste cut inside the error's line, its last: SHORTEST_CUT characters or more of one kind's
  // text ("Working outside of a") are read as the whole line, shown as pasted (`pasted`).
  const SHORTEST_CUT = 20;
  function whole(lines) {
    let i = lines.length - 1;
    while (i > 0 && !lines[i].trim()) i--;
    const line = lines[i].trim();
    const m = RAISES.exec(line);
    const rest = m ? line.slice(m[0].length) : "";
    const kinds = rules.error.filter((e) => e.texts.some((t) => t.startsWith(rest)));
    if (rest.length < SHORTEST_CUT || kinds.length !== 1) return lines;
    const completed = [...lines.slice(0, i), m[0] + kinds[0].texts.find((t) => t.startsWith(rest))];
    completed.pasted = line.replace(/^E\s+/, "");
    return completed;
  }

  function situation(text, lines, stack, error, [last, end]) {
    // A frame right under "Traceback (most recent call last):": the first Python frame of the
    // program's stack, not the first line of an excerpt or of pytest's one-line report.
    const startsTraceback = (frame) => frame.index > 0 && isHeader(lines[frame.index - 1]);
    if (stack.some((f) => NOT_FLASK.some((p) => f.path.includes(p)))) return undefined;
    const own = stack.filter((f) => !isLibrary(f));
    // The reader's module level, run by the interpreter itself (python x.py, or -m: runpy's
    // frames first) at the start of any traceback of the chain (Flask-SQLAlchemy 2.5's starts
    // with a KeyError), or called by something else.
    const top = (f, i) => f.func === "<module>" && !isLibrary(f) && (f.first || stack[i - 1].path.includes("runpy"));
    const atImport = stack.some((f, i) => f.func === "<module>" && !isLibrary(f) && !top(f, i)) ||
      stack.some((f) => f.path.includes("importlib._bootstrap"));
    const script = stack.some(top);
    // The reader's first frame of the traceback that ends with the error, called by an installed package.
    const firstOwn = stack.findIndex((f, i) => i >= last && i < end && !isLibrary(f));
    const installed = (path) => /\/(site|dist)-packages\//.test(path);
    const calledByPackage = firstOwn > last && installed(stack[firstOwn - 1].path);
    // The reader's last frame there.
    let lastOwn = -1;
    stack.forEach((f, i) => { if (i >= last && i < end && !isLibrary(f)) lastOwn = i; });
    const otherPackage = (path) => installed(path) &&
      !rules.reading.on_behalf.some((p) => path.includes(p)) &&
      !/\/(site|dist)-packages\/(flask|werkzeug)\//.test(path);
    // The frame after it: a package other than Flask and Werkzeug does, for the reader's code, what fails.
    const libraryReads = lastOwn >= 0 && lastOwn + 1 < end && otherPackage(stack[lastOwn + 1].path);
    // The reader's last frame there, at module level: code that runs while a module is imported.
    const moduleLevel = lastOwn >= 0 && stack[lastOwn].func === "<module>";
    // The frame before the reader's last one there: such a package calls back a function the
    // reader gave it (from its loop, its thread, its set-up).
    const callsBack = lastOwn > last && otherPackage(stack[lastOwn - 1].path);
    return rules.situation.find((rule) => {
      if (rule.error && rule.error !== error) return false;
      const signs = (rule.frames || []).some((s) => stack.some((f) => f.path.includes(s))) ||
        (rule.text || []).some((s) => text.includes(s));
      if ((rule.frames || rule.text) && !signs) return false;
      if (rule.also_text && !rule.also_text.some((s) => text.includes(s))) return false;
      if ((rule.not_frames || []).some((s) => stack.some((f) => f.path.includes(s)))) return false;
      if (rule.lines && !rule.lines.some((s) => lines.some((l) => l.trim().startsWith(s)))) return false;
      if (rule.imports && !atImport) return false;
      if (rule.script && !script) return false;
      if (rule.called_by_package && !calledByPackage) return false;
      if (rule.library_reads && !libraryReads) return false;
      if (rule.calls_back && !callsBack) return false;
      if (rule.module_level !== undefined && rule.module_level !== moduleLevel) return false;
      // no frames at all is no sign that a library did it on its own
      if (rule.own_code !== undefined && (end <= last || rule.own_code !== lastOwn >= 0)) return false;
      if (rule.starts_in && !(end > last && startsTraceback(stack[last]) &&
          rule.starts_in.some((p) => stack[last].path.includes(p)))) return false;
      if (rule.starts_own && !(end > last && startsTraceback(stack[last]) && !isLibrary(stack[last]) &&
          !/^(<module>|test)/.test(stack[last].func))) return false;
      if (rule.after_own && !(lastOwn >= 0 && lastOwn + 1 < end &&
          rule.after_own.some((p) => stack[lastOwn + 1].path.includes(p)))) return false;
      if (rule.functions && !own.some((f) => rule.functions.includes(f.func) &&
          !own.some((g) => g.index > f.index && g.func === "<module>"))) return false;
      if (rule.code && !rule.code.map((c) => new RegExp(c)).some((c) => own.some((f) => c.test(f.code)))) {
        return false;
      }
      return true;
    });
  }

  function paragraph(label, ...parts) {
    const p = document.createElement("p");
    p.append(label + " ", ...parts);
    return p;
  }

  function code(text) {
    const c = document.createElement("code");
    c.textContent = text;
    return c;
  }

  function read() {
    const text = tail(input.value);
    result.replaceChildren();
    if (!text.trim()) return;
    let lines = upright(unprefixed(text.split(/\r?\n/)));
    let error = errorIn(lines);
    if (!error) {
      lines = whole(lines);
      error = errorIn(lines);
    }
    const stack = frames(lines);
    const ends = error && ending(lines, stack, error);
    const rule = error && situation(text, lines, stack, error.kind, ends);
    if (rule) {
      const fix = fixes[rule.fix];
      const link = document.createElement("a");
      link.href = fix.getAttribute("href");
      link.textContent = fix.textContent;
      result.append(paragraph(words("situation"), link));
    } else {
      result.append(paragraph(words("unknown")));
      // what it can still say: the line and the error, for the table (not for another framework)
      if (!error || stack.some((f) => NOT_FLASK.some((p) => f.path.includes(p)))) return;
    }
    // The reader's last line in the traceback that ends with the error; none when only
    // libraries are there (a library that did it on its own).
    const own = stack.slice(...ends).filter((f) => !isLibrary(f)).pop();
    if (own) {
      const name = own.path.split("/").pop();
      const where = [code(cut(`${name}:${own.line}`)), own.func ? ` (${cut(own.func)})` : ""];
      if (own.code) where.push(": ", code(own.code));
      result.append(paragraph(words("line"), ...where));
    }
    // The error as the traceback's last line states it ("RuntimeError: ..."), else as a log says it.
    const mentions = lines.filter((l) => error.texts.some((t) => l.includes(t)))
      .map((l) => l.trim().replace(/^(E\s+|#\s*)/, "")); // pytest's "E", a comment's "#"
    const message = mentions.filter((l) => /^[\w.]+: /.test(l)).pop() || mentions[0];
    result.append(paragraph(words("error"), code(cut(lines.pasted || message))));
  }

  let pending;
  const later = () => {
    clearTimeout(pending);
    pending = setTimeout(read, 300);
  };
  input.addEventListener("input", later);
  // A paste or a drop longer than MAX_PASTE never reaches the box whole: only its end does.
  for (const kind of ["paste", "drop"]) {
    input.addEventListener(kind, (event) => {
      const data = event.clipboardData || event.dataTransfer;
      const text = data ? data.getData("text/plain") : "";
      if (text.length <= MAX_PASTE) return;
      event.preventDefault();
      input.value = tail(text);
      later();
    });
  }
})();
