import type { RecordedEvent } from '@ledger/event-store';
import { categoryOf } from './event-catalogue';

/**
 * Which events one subscriber asked for (`types=`, `categories=`): both lists empty means every
 * event; a non-empty list must match (type AND category when both are given).
 */
export class EventSelection {
  private readonly types: ReadonlySet<string> | undefined;
  private readonly categories: ReadonlySet<string> | undefined;

  constructor(types: readonly string[] = [], categories: readonly string[] = []) {
    this.types = types.length > 0 ? new Set(types) : undefined;
    this.categories = categories.length > 0 ? new Set(categories) : undefined;
  }

  static readonly everything = new EventSelection();

  get isEverything(): boolean {
    return this.types === undefined && this.categories === undefined;
  }

  matches(event: Pick<RecordedEvent, 'type' | 'streamId'>): boolean {
    if (this.types !== undefined && !this.types.has(event.type)) return false;
    if (this.categories !== undefined && !this.categories.has(categoryOf(event.streamId))) return false;
    return true;
  }

  describe(): { readonly types: readonly string[]; readonly categories: readonly string[] } {
    return { types: [...(this.types ?? [])], categories: [...(this.categories ?? [])] };
  }
}
