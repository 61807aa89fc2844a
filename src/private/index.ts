export {
  applyOpenOrdersMessage,
  findOrderByUserref,
  findOrdersByUserref,
  isTerminalStatus,
  type OpenOrder,
  type OpenOrdersState,
} from './openOrders';
export { checkSequence, type SequenceCheck } from './sequence';
