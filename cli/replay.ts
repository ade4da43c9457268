// placeholder replaced by the replay CLI
export async function replayCommand(_args: string[]): Promise<number> {
  console.error('replay: not built yet');
  return 1;
}
