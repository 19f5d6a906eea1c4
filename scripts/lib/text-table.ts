// A plain-text table for the summaries scripts print (start:cluster's "what runs where", the benchmarks' results):
// columns padded to their widest cell, a rule under the header, numbers right-aligned.

/** Renders rows under a header; a cell that looks like a number (or a figure with a unit) is right-aligned. */
export function textTable(header: string[], rows: string[][], indent = "  "): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => looksNumeric(row[column] ?? "")));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  const rule = indent + widths.map((width) => "─".repeat(width)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function looksNumeric(cell: string): boolean {
  return cell === "" || cell === "—" || /^[~≈]?-?[\d,.]+( ?[%a-zµ/]+)?$/i.test(cell);
}
