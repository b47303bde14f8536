/** Runs critical sections one at a time, in call order, across awaits. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
