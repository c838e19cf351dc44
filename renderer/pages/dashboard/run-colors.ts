/** One color per compared run, the same on every chart (and in the HTML report). */
export const RUN_COLORS = ['#3b6fd8', '#e0822b', '#2f9e6b', '#c2415b', '#7d5bc7', '#8a6d3b', '#2a9fb0', '#6b7280'];
export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length]!;
