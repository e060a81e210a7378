"""Writers and readers of the .docx and .xlsx files; they read the model and the format definition. No Qt."""
