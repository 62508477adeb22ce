def health_view(request):
    raise NotImplementedError
