// Ages as kubectl shows them: apimachinery's duration.HumanDuration ("45s", "2m30s", "5h10m", "3d4h", "2y10d").
// Used by the sandbox's Table cells and by describe; the table printer itself prints cells as the server sent them.

/** HumanDuration(now - since): about two significant figures; "<invalid>" when since is >1s in the future. */
export function formatAge(since: Date, now: Date): string {
  return humanDuration(now.getTime() - since.getTime());
}

/** duration.HumanDuration for a duration in milliseconds (Go truncates each unit toward zero). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  // A clock up to a second ahead still counts as "now".
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}
