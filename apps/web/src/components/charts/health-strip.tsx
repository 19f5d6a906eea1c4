/** One block per health check, oldest first: answered or not. Plain SVG, described in words for screen readers. */
export function HealthStrip({ marks, slots = 30 }: { marks: { at: number; up: boolean }[]; slots?: number }) {
  const shown = marks.slice(-slots);
  const answered = shown.filter((mark) => mark.up).length;
  const blockWidth = 4;
  const gap = 1;
  const width = slots * (blockWidth + gap);
  const label =
    shown.length === 0
      ? "no health checks yet"
      : `${answered} of the last ${shown.length} health checks answered${shown.at(-1)?.up ? "" : "; the latest did not"}`;
  return (
    <svg
      className="health-strip"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} 12`}
      width={width}
      height={12}
      data-answered={answered}
      data-checks={shown.length}
    >
      {shown.map((mark, index) => (
        <rect
          key={mark.at}
          x={(slots - shown.length + index) * (blockWidth + gap)}
          y="0"
          width={blockWidth}
          height="12"
          rx="1"
          className={mark.up ? "health-up" : "health-down"}
        >
          <title>{`${new Date(mark.at).toISOString().slice(11, 19)} UTC: ${mark.up ? "answered" : "no answer"}`}</title>
        </rect>
      ))}
    </svg>
  );
}
