export function App() {
  return <main><h1>Escriba</h1></main>;
}
