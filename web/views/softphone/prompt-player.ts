/**
 * Plays the call's prompts one after another, as the server's espeak-ng speaks them (GET /console/api/softphone/tts
 * answers a WAV, played from a blob: URL, which the page's CSP allows as media). Stopped when the call ends.
 */
export class PromptPlayer {
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private current: HTMLAudioElement | null = null;

  /** Queues `text` in `language` (a Twilio language such as cmn-CN). */
  say(text: string, language: string): void {
    const url = `/console/api/softphone/tts?${new URLSearchParams({ text: text.slice(0, 500), language })}`;
    const audio = fetch(url, { credentials: 'same-origin' }).then((r) => (r.ok ? r.blob() : null));
    this.queue = this.queue.then(async () => {
      const blob = await audio.catch(() => null);
      if (this.stopped || blob === null) return;
      const src = URL.createObjectURL(blob);
      try {
        await this.play(src);
      } finally {
        URL.revokeObjectURL(src);
      }
    });
  }

  /** Stops what plays and drops what waits. */
  stop(): void {
    this.stopped = true;
    this.current?.pause();
  }

  private play(src: string): Promise<void> {
    return new Promise((resolve) => {
      const audio = new Audio(src);
      this.current = audio;
      audio.onended = () => resolve();
      audio.onerror = () => resolve();
      audio.play().catch(() => resolve());
    });
  }
}
