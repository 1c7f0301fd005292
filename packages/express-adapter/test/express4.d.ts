// `express4` is Express 4 installed under an alias so both majors are tested; the handlers the tests write
// have the same shape in both, so Express 5's types describe them.
declare module 'express4' {
  import express from 'express';
  export default express;
}
