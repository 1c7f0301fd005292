// `koa2` is Koa 2 installed under an alias so both majors are tested; the middleware the tests write has the
// same shape in both, so Koa 3's types describe it.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
