/**
 * A small line chart in plain SVG: one or two series over the same intervals, gaps where an interval had nothing
 * to say (no calls, no scrape). The latest value is written beside it by the caller; this says what it shows to
 * screen readers in `label`.
 */
export function Sparkline({
  series,
  label,
  width = 96,
  height = 28,
  floor = 0,
}: {
  /** Each series is one value per interval, oldest first; null is a gap. The first series is drawn strongest. */
  series: (number | null)[][];
  label: string;
  width?: number;
  height?: number;
  /** The smallest top of the scale, so a quiet line stays near the bottom instead of filling the chart. */
  floor?: number;
}) {
  const length = Math.max(1, ...series.map((values) => values.length));
  const top = Math.max(floor, ...series.flat().filter((value): value is number => value !== null));
  const x = (index: number) => (length === 1 ? width : (index / (length - 1)) * (width - 2) + 1);
  const y = (value: number) => height - 2 - (top > 0 ? (value / top) * (height - 4) : 0);
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      data-points={series[0]?.map((value) => (value === null ? "-" : value.toFixed(3))).join(" ")}
    >
      <line x1="0" x2={width} y1={height - 1} y2={height - 1} className="sparkline-axis" />
      {series.map((values, seriesIndex) =>
        segmentsOf(values).map((segment) => (
          <polyline
            key={`${seriesIndex}-${segment[0]!.index}`}
            className={seriesIndex === 0 ? "sparkline-line" : "sparkline-line secondary"}
            points={segment.map(({ index, value }) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ")}
          />
        )),
      )}
      {series.map((values, seriesIndex) => {
        const last = values.length - 1;
        const value = values[last];
        return value === null || value === undefined ? null : (
          <circle key={seriesIndex} cx={x(last)} cy={y(value)} r="2" className="sparkline-dot" />
        );
      })}
    </svg>
  );
}

/** Runs of consecutive values between gaps; a run of one is drawn as a dot-length line. */
function segmentsOf(values: (number | null)[]): { index: number; value: number }[][] {
  const segments: { index: number; value: number }[][] = [];
  let current: { index: number; value: number }[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push({ index, value });
  });
  if (current.length) segments.push(current);
  return segments.map((segment) => (segment.length === 1 ? [segment[0]!, segment[0]!] : segment));
}
