// A run-time error in user code (a bad value for a syscall argument, division by zero, an index
// out of range). The interpreter turns it into a failure at the current statement.
export class RuntimeFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeFault';
  }
}
