// The syntax tree. Plain objects; every node records where it starts.
import type { Pos } from './diagnostics';

export type Expr =
  | { k: 'int'; pos: Pos; value: number | bigint }
  | { k: 'str'; pos: Pos; value: string }
  | { k: 'null'; pos: Pos }
  | { k: 'bool'; pos: Pos; value: boolean }
  | { k: 'name'; pos: Pos; name: string }
  | { k: 'array'; pos: Pos; items: Expr[] }
  | { k: 'struct'; pos: Pos; fields: Field[] }
  | { k: 'unary'; pos: Pos; op: '-' | '!' | '~'; e: Expr }
  | { k: 'binary'; pos: Pos; op: BinaryOp; l: Expr; r: Expr }
  | { k: 'call'; pos: Pos; callee: string; args: Expr[]; end: Pos }
  | { k: 'index'; pos: Pos; e: Expr; index: Expr }
  | { k: 'field'; pos: Pos; e: Expr; name: string; namePos: Pos }
  | { k: 'addr'; pos: Pos; e: Expr }
  | { k: 'error'; pos: Pos };

export type BinaryOp =
  | '||' | '&&' | '|' | '^' | '&' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '<<' | '>>' | '+' | '-' | '*' | '/' | '%';

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export interface Field {
  name: string;
  pos: Pos;
  value: Expr;
}

export type Stmt =
  | { k: 'let'; pos: Pos; name: string; namePos: Pos; value: Expr }
  | { k: 'assign'; pos: Pos; op: AssignOp; target: Expr; value: Expr }
  | { k: 'expect'; pos: Pos; e: Expr }
  | { k: 'expectFails'; pos: Pos; call: Expr; errno: string; errnoPos: Pos }
  | { k: 'if'; pos: Pos; cond: Expr; then: Block; else: Block | null }
  | { k: 'while'; pos: Pos; cond: Expr; body: Block }
  | { k: 'for'; pos: Pos; name: string; namePos: Pos; from: Expr; to: Expr; body: Block }
  | { k: 'return'; pos: Pos; value: Expr | null }
  | { k: 'break'; pos: Pos }
  | { k: 'continue'; pos: Pos }
  | { k: 'expr'; pos: Pos; e: Expr };

export interface Block {
  pos: Pos;
  stmts: Stmt[];
  end: Pos;
}

export type Item =
  | { k: 'machine'; pos: Pos; fields: Field[] }
  | { k: 'image'; pos: Pos; name: string; namePos: Pos; fields: Field[] }
  | { k: 'fn'; pos: Pos; name: string; namePos: Pos; params: { name: string; pos: Pos }[]; body: Block }
  | { k: 'process'; pos: Pos; name: string; namePos: Pos; fields: Field[]; body: Block }
  | { k: 'program'; pos: Pos; name: string; namePos: Pos; body: Block };

export interface ScenarioFile {
  items: Item[];
}
