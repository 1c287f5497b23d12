/** Start offsets (minutes from the meeting's start) of each agenda item and the total, for running times. */
export function runningTimes(items: { durationMinutes: number }[]) {
  let offset = 0;
  const starts = items.map((i) => {
    const at = offset;
    offset += i.durationMinutes;
    return at;
  });
  return { starts, totalMinutes: offset };
}
