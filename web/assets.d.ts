// esbuild bundles the stylesheets a module imports into app.css.
declare module '*.css';
