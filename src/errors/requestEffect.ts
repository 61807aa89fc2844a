/**
 * What a trading request does when Kraken acts on it, as a past participle for error
 * messages: `addOrder` → `placed`.
 * @internal
 */
export function effectOf(request: string | undefined): string {
  switch (request) {
    case 'addOrder':
      return 'placed';
    case 'editOrder':
      return 'changed';
    case 'cancelOrder':
    case 'cancelAll':
      return 'cancelled';
    default:
      return 'done';
  }
}
